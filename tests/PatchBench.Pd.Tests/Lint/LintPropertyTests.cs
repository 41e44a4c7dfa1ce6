using FsCheck;
using FsCheck.Fluent;
using PatchBench.Pd.Lint;
using PatchBench.Pd.Tests.Corpus;

namespace PatchBench.Pd.Tests.Lint;

/// <summary>The linter never throws, whatever it is given.</summary>
public class LintPropertyTests
{
    private static readonly PdLinter Linter = new(new TinyCatalog(),
        new MemoryAbstractions(new() { ["/p/abs.pd"] = "#N canvas 0 0 10 10 12;\n#X obj 1 1 inlet;\n" }));

    [Fact]
    public void Linter_never_throws_on_arbitrary_text()
    {
        Prop.ForAll<string>(text => { Linter.Lint(text ?? "", "/p/x.pd"); return true; })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Linter_never_throws_on_arbitrary_bytes()
    {
        Prop.ForAll<byte[]>(bytes => { Linter.Lint(bytes ?? [], "/p/x.pd"); return true; })
            .QuickCheckThrowOnFailure();
    }

    // Pd-flavoured tokens, so the generator reaches deep into the rules instead of stopping at the first record.
    private static readonly string[] Tokens =
    [
        "#N", "#X", "#A", "canvas", "obj", "msg", "connect", "restore", "array", "coords", "floatatom", "text", "declare",
        "-path", "pd", "graph", "f", "osc~", "+~", "dac~", "t", "b", "print", "abs", "clone", "inlet~", "outlet", "0", "1",
        "2", "-1", "3.5", "1e9", "\\$1", "\\$0-x", ";", ",", "\\;", "\\,", "float", "sub", "\n",
    ];

    [Fact]
    public void Linter_never_throws_on_arbitrary_records_of_pd_words()
    {
        var gen = Gen.ListOf(Gen.Elements(Tokens)).Select(words => "#N canvas 0 0 100 100 12;\n" + string.Join(' ', words));
        Prop.ForAll(gen.ToArbitrary(), text => { Linter.Lint(text, "/p/x.pd"); return true; })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Linter_never_throws_on_mutated_debian_records()
    {
        var corpus = DebianCorpus.Files.Take(60).Select(File.ReadAllText).ToArray();
        Assert.NotEmpty(corpus);
        var gen =
            from file in Gen.Elements(corpus)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select Mutations.PatchMutator.Mutate(file, new Random(seed)).Text;
        Prop.ForAll(gen.ToArbitrary(), text => { Linter.Lint(text, "/p/x.pd"); return true; })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
