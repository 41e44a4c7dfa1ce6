using PatchBench.Pd.Model;
using PatchBench.Pd.Tests.Corpus;

namespace PatchBench.Pd.Tests;

public class ParserCorpusTests
{
    [Fact]
    public void Corpus_is_installed()
    {
        // The set-up installs puredata-doc; without it every corpus test below would pass vacuously.
        Assert.True(DebianCorpus.Files.Count >= 300, $"expected the Debian Pd corpus, found {DebianCorpus.Files.Count} files");
    }

    [Fact]
    public void Every_debian_patch_parses_without_errors_and_connections_stay_in_range()
    {
        var problems = new List<string>();
        foreach (var file in DebianCorpus.Files)
        {
            var patch = PdParser.Parse(File.ReadAllBytes(file));
            foreach (var d in patch.Diagnostics.Where(d => d.Severity == PdSeverity.Error))
                problems.Add($"{file}:{d.Line}:{d.Column}: {d.Code} {d.Message}");
            foreach (var canvas in patch.Canvases)
                foreach (var c in canvas.Connections)
                    if (c.Source >= canvas.Boxes.Count || c.Sink >= canvas.Boxes.Count)
                        problems.Add($"{file}:{c.Line}: connection {c.Source}->{c.Sink} beyond {canvas.Boxes.Count} boxes");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(50)));
    }

    [Fact]
    public void Writing_a_debian_patch_and_reading_it_back_gives_the_same_tree()
    {
        var problems = new List<string>();
        foreach (var file in DebianCorpus.Files)
        {
            var once = PdParser.Parse(File.ReadAllBytes(file));
            string text = PdWriter.Write(once);
            var twice = PdParser.Parse(text);
            if (PdWriter.Write(twice) != text || !SameShape(once.Root, twice.Root))
                problems.Add(file);
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    private static bool SameShape(PdCanvas a, PdCanvas b) =>
        a.Boxes.Count == b.Boxes.Count && a.Connections.Count == b.Connections.Count &&
        a.Boxes.Zip(b.Boxes).All(p => p.First.Kind == p.Second.Kind && p.First.Text == p.Second.Text &&
            (p.First.Subcanvas is null) == (p.Second.Subcanvas is null) &&
            (p.First.Subcanvas is null || SameShape(p.First.Subcanvas, p.Second.Subcanvas!)));
}
