using PatchBench.Pd.Catalog;
using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;
using PatchBench.Pd.Tests.Corpus;

namespace PatchBench.Pd.Tests;

public class CatalogTests
{
    private static readonly ObjectCatalog Vanilla = ObjectCatalog.Vanilla;

    /// <summary>Atoms of an argument text as they would appear in a saved box.</summary>
    private static List<PdAtom> Args(string text) => PdLexer.Tokenize(text);

    private static string Ports(string box)
    {
        var space = box.IndexOf(' ');
        var name = space < 0 ? box : box[..space];
        var p = Vanilla.Ports(name, Args(space < 0 ? "" : box[(space + 1)..]));
        Assert.NotNull(p);
        return $"{PortPattern.Format(p.Inlets)}/{PortPattern.Format(p.Outlets)}";
    }

    [Fact]
    public void Vanilla_catalog_loads_from_the_embedded_json()
    {
        Assert.Equal("vanilla", Vanilla.Profile);
        Assert.Contains("vanilla", ObjectCatalog.EmbeddedProfileNames);
        Assert.True(Vanilla.Classes.Count > 250, $"only {Vanilla.Classes.Count} classes");
        Assert.Equal("0.53.1", Vanilla.Layers[0].PdVersion);
    }

    [Theory]
    [InlineData("t", "trigger")]
    [InlineData("f", "float")]
    [InlineData("sel", "select")]
    [InlineData("del", "delay")]
    [InlineData("s", "send")]
    [InlineData("r", "receive")]
    [InlineData("v", "value")]
    [InlineData("i", "int")]
    [InlineData("b", "bang")]
    [InlineData("fswap", "swap")]
    [InlineData("s~", "send~")]
    [InlineData("r~", "receive~")]
    [InlineData("vd~", "delread4~")]
    [InlineData("switch~", "block~")]
    [InlineData("toggle", "tgl")]
    [InlineData("hslider", "hsl")]
    [InlineData("vsl", "hsl")]
    [InlineData("vradio", "hradio")]
    [InlineData("hdl", "hradio")]
    [InlineData("my_numbox", "nbx")]
    [InlineData("my_canvas", "cnv")]
    [InlineData("bng", "bng")]
    [InlineData("bang", "bang")]
    [InlineData("trigger", "trigger")]
    [InlineData("list", "list")]
    public void Aliases_resolve_to_pd_class_names(string name, string canonical) =>
        Assert.Equal(canonical, Vanilla.CanonicalName(name));

    [Theory]
    [InlineData("snake~")]   // Pd 0.54
    [InlineData("nonexistent_object")]
    [InlineData("Select")]   // class names are case-sensitive
    public void Names_pd_053_does_not_know_are_unknown(string name)
    {
        Assert.Null(Vanilla.CanonicalName(name));
        Assert.Null(Vanilla.Ports(name, []));
        Assert.Equal(ResolutionStatus.UnknownClass, Vanilla.Resolve(name, []).Status);
    }

    [Theory]
    [InlineData("select 1 2 3", "c/cccc")]
    [InlineData("select 1", "cc/cc")]
    [InlineData("select", "cc/cc")]
    [InlineData("sel a b", "c/ccc")]
    [InlineData("route 1 2 3", "c/cccc")]
    [InlineData("route foo", "cc/cc")]
    [InlineData("trigger b b f", "c/ccc")]
    [InlineData("t", "c/cc")]
    [InlineData("pack f f f", "ccc/c")]
    [InlineData("pack", "cc/c")]
    [InlineData("unpack s s s s", "c/cccc")]
    [InlineData("expr $f1+$f2", "cc/c")]
    [InlineData("expr $f1 \\; $f2*2", "cc/cc")]
    [InlineData("expr 1", "c/c")]
    [InlineData("expr $f3", "ccc/c")]
    [InlineData("expr~ $v1*$f2", "sc/s")]
    [InlineData("expr~ $v1+$v2+$f3", "ssc/s")]
    [InlineData("fexpr~ $x1[-1]+$y1[-1]", "s/s")]
    [InlineData("fexpr~ $x1+$x2 \\; $f3", "ssc/ss")]
    [InlineData("+ 1", "cc/c")]
    [InlineData("+", "cc/c")]
    [InlineData("+~", "ss/s")]
    [InlineData("+~ 1", "sc/s")]
    [InlineData("*~ 0.5", "sc/s")]
    [InlineData("send", "cc/")]
    [InlineData("send foo", "c/")]
    [InlineData("receive foo", "/c")]
    [InlineData("notein", "/ccc")]
    [InlineData("notein 0", "/ccc")]
    [InlineData("notein 1", "/cc")]
    [InlineData("ctlin", "/ccc")]
    [InlineData("ctlin 7", "/cc")]
    [InlineData("ctlin 7 1", "/c")]
    [InlineData("dac~", "ss/")]
    [InlineData("dac~ 1 2 3 4", "ssss/")]
    [InlineData("adc~ 1", "c/s")]
    [InlineData("readsf~ 4", "c/ssssc")]
    [InlineData("writesf~ 2", "ss/")]
    [InlineData("sigmund~ pitch env notes", "s/ccc")]
    [InlineData("sigmund~", "s/cc")]
    [InlineData("osc~ 440", "sc/s")]
    [InlineData("line", "ccc/c")]
    [InlineData("line~", "cc/s")]
    [InlineData("vline~", "ccc/s")]
    [InlineData("inlet~", "c/sc")]
    [InlineData("outlet~", "s/")]
    [InlineData("list append 1 2", "cc/c")]
    [InlineData("list split 2", "cc/ccc")]
    [InlineData("list", "cc/c")]
    [InlineData("list 1 2", "cc/c")]
    [InlineData("text define -k foo", "c/cc")]
    [InlineData("makenote 60 100", "ccc/cc")]
    [InlineData("poly 4 1", "cc/ccc")]
    [InlineData("moses 5", "cc/cc")]
    [InlineData("spigot", "cc/c")]
    [InlineData("tgl 15 0 snd rcv empty 17 7 0 10 #fcfcfc #000000 #000000 0 1", "c/c")]
    [InlineData("cnv 15 100 60 empty empty empty 20 12 0 14 #e0e0e0 #404040 0", "/")]
    [InlineData("pd~ -ninsig 3 -noutsig 5", "sss/csssss")]
    [InlineData("netreceive -u -b", "c/c")]
    public void Rules_give_the_ports_pd_gives(string box, string expected) =>
        Assert.Equal(expected, Ports(box));

    [Fact]
    public void Sub_commands_name_their_member_class()
    {
        var r = Vanilla.Resolve("list", Args("split 2"));
        Assert.Equal(ResolutionStatus.Created, r.Status);
        Assert.Equal("list split", r.CanonicalName);
        Assert.Equal("text define", Vanilla.Resolve("text", []).CanonicalName);
        Assert.Equal("file handle", Vanilla.Resolve("file", []).CanonicalName);
        var bad = Vanilla.Resolve("list", Args("frobnicate"));
        Assert.Equal(ResolutionStatus.Fails, bad.Status);
        Assert.Contains("frobnicate", bad.Message);
    }

    [Fact]
    public void Clone_takes_its_ports_from_the_abstraction()
    {
        var r = Vanilla.Resolve("clone", Args("-s 1 voice 8"));
        Assert.Equal(ResolutionStatus.NeedsAbstraction, r.Status);
        Assert.Equal("voice", r.AbstractionName);
        Assert.Null(Vanilla.Ports("clone", Args("voice 8")));
        Assert.Equal("voice", Vanilla.Resolve("clone", Args("8 voice")).AbstractionName);
        Assert.NotNull(Vanilla.CanonicalName("clone"));
    }

    [Fact]
    public void Every_class_reproduces_the_probe_evidence_committed_with_it()
    {
        var problems = new List<string>();
        foreach (var c in Vanilla.Classes)
        {
            foreach (var e in c.Evidence)
            {
                var words = c.Name.Split(' ');
                var atoms = words.Skip(1).Select(PdAtom.FromWord).Concat(Args(e.Arguments)).ToArray();
                var r = Vanilla.Resolve(words[0], atoms);
                if (r.Status == ResolutionStatus.NeedsAbstraction) continue;
                var got = r.Ports is { } p ? $"{PortPattern.Format(p.Inlets)}/{PortPattern.Format(p.Outlets)}" : r.Status.ToString();
                if (got != $"{e.Inlets}/{e.Outlets}") problems.Add($"[{c.Name} {e.Arguments}]: evidence {e.Inlets}/{e.Outlets}, rule {got}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(Vanilla.Classes.Sum(c => c.Evidence.Count) > 500);
    }

    [Fact]
    public void Every_object_help_intro_creates_is_in_the_catalog()
    {
        var path = "/usr/share/puredata/doc/5.reference/help-intro.pd";
        Assert.True(File.Exists(path), "puredata-doc is not installed");
        var patch = PdParser.Parse(File.ReadAllBytes(path));
        var names = patch.Canvases.SelectMany(c => c.Boxes).Where(b => b.Kind == PdBoxKind.Object && b.ClassName.Length > 0)
            .Select(b => b.ClassName).Distinct().ToList();
        Assert.True(names.Count > 200, $"only {names.Count} object names in help-intro.pd");
        // A name Pd resolves as an abstraction next to the patch (all_guis.pd) is not a class.
        var missing = names.Where(n => Vanilla.CanonicalName(n) is null && !File.Exists(Path.Combine(Path.GetDirectoryName(path)!, n + ".pd"))).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(" ", missing));
    }

    [Fact]
    public void Connections_in_debian_patches_stay_within_the_catalog_ports()
    {
        // Pd loads these patches without "connection failed" (except the test-*.pd that need missing
        // externals), so every connection between catalogued objects must be in range, and no signal
        // outlet may feed a control-only inlet.
        var problems = new List<string>();
        var checkedConnections = 0;
        foreach (var file in DebianCorpus.Files.Where(f => !DebianCorpus.NeedsMissingExternals(f)))
        {
            var patch = PdParser.Parse(File.ReadAllBytes(file));
            foreach (var canvas in patch.Canvases)
            {
                foreach (var c in canvas.Connections)
                {
                    if (c.Source >= canvas.Boxes.Count || c.Sink >= canvas.Boxes.Count) continue;
                    var from = BoxPorts.Of(canvas.Boxes[c.Source], Vanilla);
                    var to = BoxPorts.Of(canvas.Boxes[c.Sink], Vanilla);
                    if (from is null || to is null) continue;
                    checkedConnections++;
                    var where = $"{Path.GetFileName(file)}:{c.Line}: [{canvas.Boxes[c.Source].Text}] {c.Outlet} -> [{canvas.Boxes[c.Sink].Text}] {c.Inlet}";
                    if (c.Outlet >= from.Outlets.Count) problems.Add($"{where}: outlet beyond {from.Outlets.Count}");
                    else if (c.Inlet >= to.Inlets.Count) problems.Add($"{where}: inlet beyond {to.Inlets.Count}");
                    else if (from.Outlets[c.Outlet] == PortKind.Signal && to.Inlets[c.Inlet]
                        == PortKind.Control) problems.Add($"{where}: signal into control inlet");
                }
            }
        }
        Assert.True(checkedConnections > 5000, $"only {checkedConnections} connections checked");
        Assert.True(problems.Count == 0, $"{problems.Count} of {checkedConnections}:\n" + string.Join("\n", problems.Take(60)));
    }

    [Fact]
    public void No_object_box_in_debian_patches_is_refused_by_the_catalog()
    {
        // Pd creates every box of these patches, so the catalog's argument types and sub-command rules
        // must accept each one it knows.
        var refused = new List<string>();
        var known = 0;
        foreach (var file in DebianCorpus.Files.Where(f => !DebianCorpus.NeedsMissingExternals(f)))
            foreach (var box in PdParser.Parse(File.ReadAllBytes(file)).Canvases.SelectMany(c => c.Boxes))
            {
                if (box.Kind != PdBoxKind.Object || box.Content.Count == 0 || Vanilla.CanonicalName(box.ClassName) is null) continue;
                known++;
                var r = Vanilla.Resolve(box.ClassName, box.Arguments);
                if (r.Status == ResolutionStatus.Fails) refused.Add($"{Path.GetFileName(file)}:{box.Line}: [{box.Text}]: {r.Message}");
            }
        Assert.True(known > 8000, $"only {known} known object boxes");
        Assert.True(refused.Count == 0, string.Join("\n", refused.Take(40)));
    }

    [Theory]
    [InlineData("send 1", "argument 1 ('1') must be a symbol")]
    [InlineData("+ foo", "argument 1 ('foo') must be a number")]
    [InlineData("metro 100 foo", "argument 2 ('foo') must be a number")]
    [InlineData("tabread4~ 3", "must be a symbol")]
    public void Typed_creators_refuse_arguments_of_the_wrong_type(string box, string message)
    {
        var space = box.IndexOf(' ');
        var r = Vanilla.Resolve(box[..space], Args(box[(space + 1)..]));
        Assert.Equal(ResolutionStatus.Fails, r.Status);
        Assert.Contains(message, r.Message);
        Assert.Null(Vanilla.Ports(box[..space], Args(box[(space + 1)..])));
    }

    [Theory]
    [InlineData("send 0")]          // Pd reads 0 as the empty symbol
    [InlineData("send \\$1")]      // a dollar argument may be anything
    [InlineData("metro 100 1 msec")] // ... and only the typed leading arguments are checked
    [InlineData("+ 1 foo")]
    public void Typed_creators_accept_what_pd_accepts(string box)
    {
        var space = box.IndexOf(' ');
        Assert.Equal(ResolutionStatus.Created, Vanilla.Resolve(box[..space], Args(box[(space + 1)..])).Status);
    }

    [Fact]
    public void Message_and_atom_boxes_have_the_ports_pd_gives_them()
    {
        var patch = PdParser.Parse("#N canvas 0 0 400 400 12;\n#X msg 10 10 hello;\n#X floatatom 10 50 5 0 0 0 - rcv snd;\n#X floatatom 10 90 5 0 0 0 - - " +
            "-;\n#X symbolatom 10 130 10 0 0 0 - - snd2;\n");
        var b = patch.Root.Boxes;
        Assert.Equal("c/c", Format(BoxPorts.Of(b[0], Vanilla)!));
        Assert.Equal("/", Format(BoxPorts.Of(b[1], Vanilla)!));
        Assert.Equal("c/c", Format(BoxPorts.Of(b[2], Vanilla)!));
        Assert.Equal("c/", Format(BoxPorts.Of(b[3], Vanilla)!));
    }

    [Fact]
    public void Subpatch_ports_are_its_inlets_and_outlets_by_x()
    {
        var patch = PdParser.Parse("#N canvas 0 0 400 400 12;\n#N canvas 0 0 300 300 sub 0;\n#X obj 200 10 inlet;\n#X obj 10 10 inlet~;\n#X obj 10 100 " +
            "outlet;\n#X restore 10 10 pd sub;\n");
        Assert.Equal("sc/c", Format(BoxPorts.Of(patch.Root.Boxes[0], Vanilla)!));
    }

    private static string Format(ObjectPorts p) => $"{PortPattern.Format(p.Inlets)}/{PortPattern.Format(p.Outlets)}";

    /// <summary>
    /// catalog/cyclone-0.6.1.json, probed from Pd 0.53.1 with Debian's pd-cyclone loaded: cyclone's classes on top of vanilla's,
    /// with port counts taken from the first argument where cyclone does that (Pd's answers in catalog/cyclone-0.6.1.probe.txt).
    /// </summary>
    [Theory]
    [InlineData("gate", "", "cc/c")]
    [InlineData("gate", "3", "cc/ccc")]
    [InlineData("funnel", "", "cc/c")]
    [InlineData("funnel", "1", "c/c")]
    [InlineData("switch", "3", "cccc/c")]
    [InlineData("uzi", "3", "cc/ccc")]
    [InlineData("counter", "0 3", "ccccc/cccc")]
    [InlineData("matrix~", "2 3", "ss/sssc")]
    [InlineData("select", "1 2 3", "c/cccc")]
    public void The_cyclone_catalog_gives_cyclone_ports_over_vanilla(string name, string args, string expected)
    {
        var cyclone = ObjectCatalog.ForProfile("cyclone");
        Assert.Equal(["vanilla", "cyclone"], cyclone.Layers.Select(l => l.Name));
        var p = cyclone.Ports(name, Args(args));
        Assert.NotNull(p);
        Assert.Equal(expected, $"{PortPattern.Format(p.Inlets)}/{PortPattern.Format(p.Outlets)}");
        Assert.Null(Vanilla.CanonicalName("uzi"));
    }
}
