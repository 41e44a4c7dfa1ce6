using System.Globalization;
using System.Text.RegularExpressions;
using PatchBench.Execution.Checks;
using PatchBench.Harness.Suites;
using Xunit.Abstractions;

namespace PatchBench.Execution.Tests.Checks;

/// <summary>Rewrites of a reference that keep its meaning, and mutants that change it (one record per line, root canvas only, as the shipped references are written).</summary>
public static class PatchRewrites
{
    static readonly Dictionary<string, string> Aliases = new()
    {
        ["trigger"] = "t", ["t"] = "trigger", ["float"] = "f", ["f"] = "float", ["bang"] = "b", ["b"] = "bang",
        ["symbol"] = "symbol", ["send"] = "s", ["s"] = "send", ["receive"] = "r", ["r"] = "receive", ["select"] = "sel", ["sel"] = "select",
        ["delay"] = "del", ["del"] = "delay", ["integer"] = "i", ["i"] = "int", ["int"] = "i", ["unpack"] = "unpack",
    };

    static readonly Dictionary<string, string> Operators = new()
    {
        ["+"] = "-", ["-"] = "+", ["*"] = "/", ["/"] = "*", [">"] = "<", ["<"] = ">", [">="] = "<=", ["<="] = ">=",
        ["=="] = "!=", ["!="] = "==", ["+~"] = "-~", ["-~"] = "+~", ["*~"] = "+~", ["osc~"] = "phasor~", ["phasor~"] = "osc~",
        ["lop~"] = "hip~", ["hip~"] = "lop~", ["max"] = "min", ["min"] = "max", ["mtof"] = "ftom", ["moses"] = "moses",
        ["&&"] = "||", ["||"] = "&&", ["%"] = "div", ["div"] = "%", ["sqrt"] = "abs", ["abs"] = "sqrt", ["metro"] = "delay",
    };

    static (string Header, List<string> Boxes, List<int[]> Connects) Split(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var boxes = lines.Skip(1).Where(l => !l.StartsWith("#X connect ")).ToList();
        var connects = lines.Where(l => l.StartsWith("#X connect ")).Select(l => l["#X connect ".Length..].TrimEnd(';').Split(' ').Select(int.Parse).ToArray()).ToList();
        return (lines[0], boxes, connects);
    }

    static string Join(string header, IEnumerable<string> boxes, IEnumerable<int[]> connects) =>
        header + "\n" + string.Concat(boxes.Select(b => b + "\n")) + string.Concat(connects.Select(c => $"#X connect {string.Join(' ', c)};\n"));

    /// <summary>Boxes shuffled in the file (connections renumbered), everything moved by (+13, +7), aliases swapped.</summary>
    public static string Equivalent(string text, Random rng)
    {
        var (header, boxes, connects) = Split(text);
        var order = Enumerable.Range(0, boxes.Count).OrderBy(_ => rng.Next()).ToArray();
        var newIndex = new int[boxes.Count];
        for (int k = 0; k < order.Length; k++) newIndex[order[k]] = k;
        var moved = order.Select(i => Regex.Replace(boxes[i], @"^#X (obj|msg|floatatom|symbolatom|listbox|text) (-?\d+) (-?\d+)", m =>
            $"#X {m.Groups[1]} {int.Parse(m.Groups[2].Value) + 13} {int.Parse(m.Groups[3].Value) + 7}"))
            .Select(b => Regex.Replace(b, @"^(#X obj -?\d+ -?\d+ )(\S+?)(;| )", m => Aliases.TryGetValue(m.Groups[2].Value, out var a) ? m.Groups[1].Value + a + m.Groups[3].Value : m.Value))
            .ToList();
        return Join(header, moved, connects.Select(c => new[] { newIndex[c[0]], c[1], newIndex[c[2]], c[3] }));
    }

    /// <summary>One semantic mutant of kind <paramref name="kind"/> (0 operator, 1 constant, 2 cut, 3 moved connection), or null when the patch offers none.</summary>
    public static string? Mutant(string text, int kind, Random rng)
    {
        var (header, boxes, connects) = Split(text);
        switch (kind)
        {
            case 0:
                var ops = boxes.Select((b, i) => (b, i)).Where(p => Regex.Match(p.b, @"^#X obj -?\d+ -?\d+ (\S+?)(;| )") is { Success: true } m && Operators.TryGetValue(m.Groups[1].Value, out var o) && o != m.Groups[1].Value).ToList();
                if (ops.Count == 0) return null;
                var (box, idx) = ops[rng.Next(ops.Count)];
                boxes[idx] = Regex.Replace(box, @"^(#X obj -?\d+ -?\d+ )(\S+?)(;| )", m => m.Groups[1].Value + Operators[m.Groups[2].Value] + m.Groups[3].Value);
                return Join(header, boxes, connects);
            case 1:
                var nums = boxes.Select((b, i) => (b, i)).Where(p => Regex.IsMatch(p.b, @"^#X (obj -?\d+ -?\d+ (?!bng|tgl|nbx|hsl|vsl|hradio|vradio|cnv|vu)\S+|msg -?\d+ -?\d+) .*?-?\d")).ToList();
                if (nums.Count == 0) return null;
                var (nb, ni) = nums[rng.Next(nums.Count)];
                var head = Regex.Match(nb, @"^#X \w+ -?\d+ -?\d+ ").Length;
                var tail = nb[head..];
                var matches = Regex.Matches(tail, @"(?<![\w.~$-])-?\d+(\.\d+)?(?![\w~])").ToList();
                if (matches.Count == 0) return null;
                var mm = matches[rng.Next(matches.Count)];
                double v = double.Parse(mm.Value, CultureInfo.InvariantCulture);
                double nv = v == 0 ? 1 : v == Math.Floor(v) ? v + (v > 1 ? Math.Max(1, Math.Round(v * 0.5)) : 1) : v * 3;
                boxes[ni] = nb[..head] + tail[..mm.Index] + nv.ToString(CultureInfo.InvariantCulture) + tail[(mm.Index + mm.Length)..];
                return Join(header, boxes, connects);
            case 2:
                if (connects.Count == 0) return null;
                connects.RemoveAt(rng.Next(connects.Count));
                return Join(header, boxes, connects);
            default:
                if (connects.Count == 0) return null;
                int c = rng.Next(connects.Count);
                var con = connects[c];
                connects[c] = [con[0], con[1], con[2], con[3] == 0 ? 1 : 0];
                return Join(header, boxes, connects);
        }
    }
}

/// <summary>
/// Validation of the checks themselves: they pass on equivalent rewrites of each reference and fail on semantic
/// mutants. A seeded sample of items per suite (the full suites take ~3 min just for the references on 2 cores).
/// </summary>
[Collection("pd")]
public sealed class CheckValidationTests(PdFixture pd, ITestOutputHelper output)
{
    static readonly string[] KindNames = ["operator swapped", "constant changed", "connection cut", "connection moved"];

    [Theory]
    [InlineData("core", 40)]
    [InlineData("fewshot", 25)]
    public async Task Checks_pass_on_equivalent_rewrites_and_kill_most_mutants(string suiteName, int sample)
    {
        var suite = SuiteChecksTests.LoadSuite(suiteName);
        var rng = new Random(20261122);
        var items = suite.Items.Where(i => i.Requires.Count == 0 && i.Checks.Count > 0).OrderBy(_ => rng.Next()).Take(sample).ToList();
        var checker = new FunctionalChecker(new ExecutorRunner(pd.Sandboxed, 2));
        var results = await Task.WhenAll(items.Select(async item =>
        {
            var r = new Random(item.Id.GetHashCode(StringComparison.Ordinal) ^ 7);
            var rewrite = PatchRewrites.Equivalent(item.ReferenceText, r);
            var eq = await checker.CheckAsync(item, rewrite);
            var mutants = new List<(int Kind, bool Killed)>();
            for (int kind = 0; kind < 4; kind++)
            {
                var m = PatchRewrites.Mutant(item.ReferenceText, kind, new Random(kind * 7919 + item.Id.Length));
                if (m is null || m == item.ReferenceText) continue;
                var rep = await checker.CheckAsync(item, m);
                mutants.Add((kind, !rep.AllPassed));
            }
            return (item, eq, mutants);
        }));
        var eqFailures = results.Where(x => !x.eq.AllPassed).Select(x => $"{x.item.Id}: {string.Join("; ", x.eq.Outcomes.Where(o => !o.Passed).SelectMany(o => o.Problems))}").ToList();
        var all = results.SelectMany(x => x.mutants).ToList();
        double killRate = all.Count == 0 ? 0 : all.Count(m => m.Killed) / (double)all.Count;
        output.WriteLine($"{suiteName}: {items.Count} sampled items; equivalent rewrites pass: {items.Count - eqFailures.Count}/{items.Count}; mutants killed {all.Count(m => m.Killed)}/{all.Count} = {killRate:P1}");
        for (int k = 0; k < 4; k++)
        {
            var ofKind = all.Where(m => m.Kind == k).ToList();
            output.WriteLine($"  {KindNames[k]}: {ofKind.Count(m => m.Killed)}/{ofKind.Count}");
        }
        foreach (var x in results) foreach (var m in x.mutants.Where(m => !m.Killed)) output.WriteLine($"  survived: {x.item.Id} ({KindNames[m.Kind]})");
        foreach (var f in eqFailures) output.WriteLine($"  rewrite failed: {f}");
        Assert.True(eqFailures.Count == 0, string.Join("\n", eqFailures));
        // Target (issue 5): 90%. Measured 2026-11-22: see docs/checks.md; the assertion guards against regressions below what the checks reach today.
        Assert.True(killRate >= 0.75, $"kill rate {killRate:P1} below 75% (target 90%)");
    }
}
