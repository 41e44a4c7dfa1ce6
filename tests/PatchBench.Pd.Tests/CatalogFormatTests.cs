using FsCheck;
using FsCheck.Fluent;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Tests;

public class CatalogFormatTests
{
    private static string CommittedJson()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "catalog", "vanilla-0.53.json");
            if (File.Exists(path)) return File.ReadAllText(path);
        }
        throw new FileNotFoundException("catalog/vanilla-0.53.json not found above the test's folder");
    }

    [Fact]
    public void Committed_catalog_is_in_canonical_form_so_reading_and_writing_is_a_fixed_point()
    {
        var text = CommittedJson();
        var profile = CatalogJson.Read(text, "vanilla-0.53.json");
        Assert.Equal(text, CatalogJson.Write(profile));
    }

    [Theory]
    [InlineData("""{"format":1,"profile":"p","pd_version":"0.53.1","classes":[{"name":"x","rule":{"kind":"magic"}}]}""", "$.classes[0](\"x\").rule.kind")]
    [InlineData(
        """{"format":1,"profile":"p","pd_version":"0.53.1","classes":[{"name":"x","rule":{"kind":"variants","variants":[{"inlets":"cq","outlets":""}]}}]}""",
        "letters 'c' and 's'")]
    [InlineData("""{"format":2,"profile":"p","pd_version":"0.53.1","classes":[]}""", "$.format")]
    [InlineData(
        """{"format":1,"profile":"p","pd_version":"0.53.1","classes":[{"name":"x","aliases":["y"],"rule":{"kind":"expr","signal":false}},""" +
            """{"name":"y","rule":{"kind":"expr","signal":true}}]}""", "\"y\" is defined twice")]
    [InlineData(
        """{"format":1,"profile":"p","pd_version":"0.53.1","classes":[{"name":"x","rule":""" +
            """{"kind":"variants","variants":[{"when":[{}],"inlets":"","outlets":""}]}}]}""", "at least one of")]
    [InlineData("""{"format":1,"profile":"p", """, "not valid JSON")]
    public void Malformed_catalogs_are_rejected_with_the_file_and_place(string json, string expected)
    {
        var ex = Assert.Throws<CatalogFormatException>(() => CatalogJson.Read(json, "lib.json"));
        Assert.StartsWith("lib.json", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void A_library_profile_layers_on_vanilla()
    {
        var lib = CatalogJson.Read("""
            {"format":1,"profile":"mylib","extends":"vanilla","pd_version":"0.53.1","classes":[
              {"name":"counter","aliases":["cnt"],"rule":{"kind":"variants","variants":[{"inlets":"cc","outlets":"cc"}]}},
              {"name":"+","rule":{"kind":"variants","variants":[{"inlets":"ccc","outlets":"c"}]}}]}
            """, "mylib.json");
        var profiles = new Dictionary<string, CatalogProfile> { ["vanilla"] = ObjectCatalog.Vanilla.Layers[0], ["mylib"] = lib };
        var catalog = ObjectCatalog.FromProfiles(profiles, "mylib");
        Assert.Equal("mylib", catalog.Profile);
        Assert.Equal("counter", catalog.CanonicalName("cnt"));
        Assert.Equal("trigger", catalog.CanonicalName("t"));
        Assert.Equal(3, catalog.Ports("+", [])!.Inlets.Count);
        Assert.Throws<CatalogFormatException>(() => ObjectCatalog.FromProfiles(profiles, "cyclone"));
    }

    private static readonly string[] Words = ["0", "1", "-1", "2.5", "64", "foo", "x", "f", "s", "b", "-u", "-g", "-w", "-s", "-nsigs", "-ninsig", "pitch",
        "append", "split", "$f1+$f2", "$v2", "$x1[-1]", "\\;", "\\$1", "$0-foo", "empty"];

    [Fact]
    public void Resolve_never_throws_and_created_boxes_always_have_ports()
    {
        var names = ObjectCatalog.Vanilla.Names.Order(StringComparer.Ordinal).ToArray();
        var gen =
            from name in Gen.Elements(names)
            from words in Gen.ListOf(Gen.Elements(Words))
            select (name, string.Join(' ', words.Take(8)));
        Prop.ForAll(gen.ToArbitrary(), ((string Name, string Args) box) =>
        {
            var r = ObjectCatalog.Vanilla.Resolve(box.Name, PdLexer.Tokenize(box.Args));
            return r.Status switch
            {
                ResolutionStatus.Created => r.Ports is not null && r.CanonicalName is not null,
                ResolutionStatus.NeedsAbstraction => r.AbstractionName is { Length: > 0 },
                ResolutionStatus.Fails => r.Message is not null,
                _ => false,
            };
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Expr_inlets_follow_the_largest_variable_index()
    {
        var gen =
            from n in Gen.Choose(1, 30)
            from letter in Gen.Elements("f", "i", "s", "F")
            select (n, letter);
        Prop.ForAll(gen.ToArbitrary(), ((int N, string Letter) v) =>
        {
            var p = ObjectCatalog.Vanilla.Ports("expr", PdLexer.Tokenize($"\\${v.Letter}{v.N}+1"))!;
            return p.Inlets.Count == v.N && p.Outlets.Count == 1 && p.Inlets.All(k => k == PortKind.Control);
        }).QuickCheckThrowOnFailure();
    }
}
