using PatchBench.Execution.CatalogProbe;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Syntax;

namespace PatchBench.Execution.Tests;

[Trait("Category", "Integration")] // asks real Pd
public class CatalogProbeTests
{
    private static readonly PortProbe Probe = new(new PdBatchRunner());

    [Fact]
    public async Task Probe_reads_counts_signalness_and_class_names_from_pd()
    {
        var cases = new[]
        {
            new ProbeCase("select", "1 2 3"),
            new ProbeCase("t", "b b f"),
            new ProbeCase("osc~", "440"),
            new ProbeCase("+~", ""),
            new ProbeCase("+~", "1"),
            new ProbeCase("dac~", "1 2 3"),
            new ProbeCase("expr", "\\$f1 \\; \\$f2"),
            new ProbeCase("list split", "2"),
            new ProbeCase("nonexistent_probe_object", ""),
        };
        var o = await Probe.ProbeAsync(cases);
        Assert.Equal(("c", "cccc", "select"), (o[0].Inlets, o[0].Outlets, o[0].PdClassName));
        Assert.Equal(("c", "ccc", "trigger"), (o[1].Inlets, o[1].Outlets, o[1].PdClassName));
        Assert.Equal(("sc", "s"), (o[2].Inlets, o[2].Outlets));
        Assert.Equal(("ss", "s"), (o[3].Inlets, o[3].Outlets));
        Assert.Equal(("sc", "s"), (o[4].Inlets, o[4].Outlets));
        Assert.Equal(("sss", ""), (o[5].Inlets, o[5].Outlets));
        Assert.Equal(("cc", "cc"), (o[6].Inlets, o[6].Outlets));
        Assert.Equal(("cc", "ccc", "list split"), (o[7].Inlets, o[7].Outlets, o[7].PdClassName));
        Assert.False(o[8].Created);
        Assert.All(o.Take(8), x => Assert.True(x.Created));
        Assert.NotEmpty(o[0].Evidence);
    }

    [Fact]
    public async Task A_box_pd_hangs_in_is_killed_after_the_case_timeout_recorded_unprobed_and_the_rest_still_probed()
    {
        // An abstraction that loops forever when loaded: [loadbang] into [until] with nothing to stop it,
        // as a library class with a bug would (the cyclone probe once held one Pd for 68 minutes).
        var dir = Directory.CreateTempSubdirectory("patchbench-hang-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "probe-hang.pd"),
                "#N canvas 0 0 450 300 12;\n#X obj 10 10 loadbang;\n#X obj 10 40 until;\n#X connect 0 0 1 0;\n");
            var probe = new PortProbe(new PdBatchRunner() { Arguments = ["-path", dir.FullName] }) { CaseTimeout = TimeSpan.FromSeconds(3) };
            var cases = new[] { new ProbeCase("select", "1 2"), new ProbeCase("probe-hang", ""), new ProbeCase("+", "1"), new ProbeCase("probe-hang", "1"),
                new ProbeCase("t", "b b") };
            var o = await probe.ProbeAsync(cases);

            Assert.Equal(("c", "ccc", (string?)null), (o[0].Inlets, o[0].Outlets, o[0].Unprobed));
            Assert.Equal(("cc", "c", (string?)null), (o[2].Inlets, o[2].Outlets, o[2].Unprobed));
            Assert.Equal(("c", "cc", (string?)null), (o[4].Inlets, o[4].Outlets, o[4].Unprobed));
            foreach (var hung in new[] { o[1], o[3] })
            {
                Assert.False(hung.Created);
                Assert.Equal("Pd did not finish this box within 3 s (killed)", hung.Unprobed);
                Assert.StartsWith($"[{hung.Case.BoxText}] unprobed: Pd did not finish", ProbeTranscript.Line(hung), StringComparison.Ordinal);
            }

            // The fit leaves the class out and says so, instead of calling it absent (refused by Pd).
            var fit = CatalogFitter.Fit(o, dir.FullName, "0.53.1", "hang-test", "vanilla");
            Assert.Equal(["probe-hang"], fit.UnprobedClasses);
            Assert.Equal(2, fit.Unprobed.Count);
            Assert.DoesNotContain("probe-hang", fit.Absent);
            Assert.DoesNotContain(fit.Profile.Classes, c => c.Name == "probe-hang");
            Assert.Contains(fit.Profile.Classes, c => c.Name == "select");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Classes whose creation has side effects beyond the patch (sub-processes, sockets, files).</summary>
    private static readonly HashSet<string> Unsafe = ["pd~", "netsend", "netreceive", "file", "soundfiler", "textfile", "qlist"];

    [Fact]
    public async Task Catalog_rules_match_pd_on_a_random_sample_of_boxes_with_varied_arguments()
    {
        var catalog = ObjectCatalog.Vanilla;
        var random = new Random(20530);
        var names = catalog.Classes
            .Where(c => !Unsafe.Contains(c.Name.Split(' ')[0]))
            .SelectMany(c => c.Aliases.Prepend(c.Name).Select(n => (Name: n, Class: c)))
            .OrderBy(x => x.Name, StringComparer.Ordinal).ToArray();
        string[] generic = ["0", "1", "2", "3", "5", "-1", "0.5", "f", "s", "b", "foo", "x", "y", "z"];
        var cases = new List<ProbeCase>();
        for (var i = 0; i < 60; i++)
        {
            var (name, cls) = names[random.Next(names.Length)];
            // Draw arguments from generic words and the words the probe used for this class, so flags
            // and expressions appear in new combinations.
            var pool = generic.Concat(cls.Evidence.SelectMany(e => e.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Distinct().ToArray();
            var count = random.Next(0, 6);
            var args = string.Join(' ', Enumerable.Range(0, count).Select(_ => pool[random.Next(pool.Length)]));
            cases.Add(new ProbeCase(name, args));
        }
        var observations = await Probe.ProbeAsync(cases);
        var disagreements = new List<string>();
        var created = 0;
        var refused = 0;
        foreach (var o in observations)
        {
            var words = o.Case.Name.Split(' ');
            var atoms = words.Skip(1).Select(PdAtom.FromWord).Concat(PdLexer.Tokenize(o.Case.Arguments)).ToArray();
            var r = catalog.Resolve(words[0], atoms);
            if (!o.Created)
            {
                // Pd refused the box: the catalog must say so too (argument types, unknown sub-commands,
                // bad [clone] arguments), or name an abstraction that is not there. Expression syntax
                // and type errors inside [expr] are not modelled.
                refused++;
                if (r.Status is not (ResolutionStatus.Fails or ResolutionStatus.NeedsAbstraction) && !o.Case.Name.Contains("expr", StringComparison.Ordinal))
                    disagreements.Add($"[{o.Case.BoxText}]: Pd refuses it, catalog says {r.Status}");
                continue;
            }
            created++;
            string got = r.Status switch
            {
                ResolutionStatus.Created => $"{PortPattern.Format(r.Ports!.Inlets)}/{PortPattern.Format(r.Ports.Outlets)}",
                ResolutionStatus.NeedsAbstraction when r.AbstractionName == PortProbe.CloneAbstraction => "sc/sc",
                _ => r.Status.ToString(),
            };
            if (got != $"{o.Inlets}/{o.Outlets}")
                disagreements.Add($"[{o.Case.BoxText}]: Pd {o.Inlets}/{o.Outlets}, catalog {got}");
        }
        foreach (var o in observations.Where(o => o.Created))
        {
            var words = o.Case.Name.Split(' ');
            var atoms = words.Skip(1).Select(PdAtom.FromWord).Concat(PdLexer.Tokenize(o.Case.Arguments)).ToArray();
            if (catalog.Resolve(words[0], atoms).Status == ResolutionStatus.Fails && !o.Case.Name.Contains("expr", StringComparison.Ordinal))
                disagreements.Add($"[{o.Case.BoxText}]: Pd creates it, catalog says it fails");
        }
        Assert.True(created >= 30 && refused >= 3, $"only {created} created and {refused} refused of {observations.Count} random boxes; the sample says too " +
            $"little");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {created} created boxes disagree:\n" + string.Join("\n", disagreements));
    }
}
