using System.Globalization;
using System.Text.RegularExpressions;
using PatchBench.Harness.Suites;
using PatchBench.Pd;
using PatchBench.Pd.Catalog;

namespace PatchBench.Execution.Tests.Checks;

/// <summary>The four kinds of semantic mutant (one per kind per item, seeded by the item).</summary>
public enum MutantKind
{
    /// <summary>An operator swapped for another (<c>+</c>→<c>-</c>, <c>osc~</c>→<c>phasor~</c>…).</summary>
    Operator,
    /// <summary>A numeric constant in an object or message changed.</summary>
    Constant,
    /// <summary>A connection removed.</summary>
    Cut,
    /// <summary>A connection moved to the other of inlets 0/1.</summary>
    Moved,
}

/// <summary>Rewrites of a reference that keep its meaning, and mutants that change it (one record per line, root canvas only, as the shipped references are
/// written).</summary>
public static partial class PatchRewrites
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
        var connects = lines.Where(l => l.StartsWith("#X connect ")).Select(l => l["#X connect ".Length..].TrimEnd(';').Split(' ').Select(int.Parse).ToArray())
            .ToList();
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
            .Select(b => Regex.Replace(b, @"^(#X obj -?\d+ -?\d+ )(\S+?)(;| )", m => Aliases.TryGetValue(m.Groups[2].Value, out var a) ? m.Groups[1].Value + a
                + m.Groups[3].Value : m.Value))
            .ToList();
        return Join(header, moved, connects.Select(c => new[] { newIndex[c[0]], c[1], newIndex[c[2]], c[3] }));
    }

    [GeneratedRegex(@"^#X obj (-?\d+) (-?\d+) (\+|-|\*|/|max|min) (\d+(?:\.\d+)?)(, f \d+)?;$")]
    private static partial Regex ArithmeticBox();

    /// <summary>
    /// Every control arithmetic box with one constant argument and nothing connected to its right inlet
    /// (<c>[+ 5]</c>, <c>[* 2]</c>, <c>[max 3]</c>…) written as the equivalent <c>[expr $f1 + 5]</c>;
    /// null when the patch has none. Division by 0 is left alone (Pd's <c>/</c> gives 0, expr an error).
    /// </summary>
    public static string? ExprForArithmetic(string text)
    {
        var (header, boxes, connects) = Split(text);
        int changed = 0;
        for (int i = 0; i < boxes.Count; i++)
        {
            var m = ArithmeticBox().Match(boxes[i]);
            if (!m.Success || connects.Any(c => c[2] == i && c[3] == 1)) continue;
            string op = m.Groups[3].Value, n = m.Groups[4].Value;
            if (op == "/" && double.Parse(n, CultureInfo.InvariantCulture) == 0) continue;
            // A float constant keeps expr in float arithmetic ($f1 is a float anyway).
            string body = op is "max" or "min" ? $"{op}($f1\\, {n})" : $"$f1 {op} {n}";
            boxes[i] = $"#X obj {m.Groups[1].Value} {m.Groups[2].Value} expr {body};";
            changed++;
        }
        return changed == 0 ? null : Join(header, boxes, connects);
    }

    /// <summary>
    /// A connected group of 2–4 boxes that are neither inputs nor outputs (PatchInterface) moved into a
    /// <c>[pd sub]</c>, wired back with one <c>inlet</c>/<c>inlet~</c> per distinct (box, inlet) fed from outside
    /// and one <c>outlet</c>/<c>outlet~</c> per distinct (box, outlet) feeding outside, ordered by x as Pd orders
    /// them. Null when the patch offers no such group.
    /// </summary>
    public static string? IntoSubpatch(string text, Random rng)
    {
        var patch = PdParser.Parse(text);
        if (patch.HasErrors) return null;
        var root = patch.Root;
        var (header, lines, connects) = Split(text);
        if (lines.Count != root.Boxes.Count) return null;
        var iface = PatchInterface.Find(root);
        var interfaceBoxes = iface.Inputs.Select(i => i.BoxIndex).Concat(iface.Outputs.Select(o => o.BoxIndex)).ToHashSet();
        bool Movable(int i) => !interfaceBoxes.Contains(i) && root.Boxes[i].Subcanvas is null
            && (lines[i].StartsWith("#X msg ") || (lines[i].StartsWith("#X obj ")
                && ObjectCatalog.Vanilla.Ports(root.Boxes[i].ClassName, root.Boxes[i].Arguments) is not null
                && root.Boxes[i].ClassName is not ("bng" or "tgl" or "nbx" or "hsl" or "vsl" or "hradio" or "vradio" or "cnv" or "vu" or "inlet" or "inlet~"
                    or "outlet" or "outlet~")));
        var movable = Enumerable.Range(0, lines.Count).Where(Movable).ToList();
        if (movable.Count == 0) return null;
        // Grow a connected group from a random seed.
        int want = 2 + rng.Next(3);
        var group = new List<int> { movable[rng.Next(movable.Count)] };
        while (group.Count < want)
        {
            var next = connects.SelectMany(c => group.Contains(c[0]) ? [c[2]] : group.Contains(c[2]) ? new[] { c[0] } : [])
                .Where(i => Movable(i) && !group.Contains(i)).Distinct().ToList();
            if (next.Count == 0) break;
            group.Add(next[rng.Next(next.Count)]);
        }
        var inGroup = group.ToHashSet();
        bool SignalOut(int box, int outlet)
        {
            if (!lines[box].StartsWith("#X obj ")) return false;
            var ports = ObjectCatalog.Vanilla.Ports(root.Boxes[box].ClassName, root.Boxes[box].Arguments);
            return ports is not null && outlet < ports.Outlets.Count && ports.Outlets[outlet] == PortKind.Signal;
        }
        var ins = connects.Where(c => !inGroup.Contains(c[0]) && inGroup.Contains(c[2])).Select(c => (Box: c[2], Port: c[3])).Distinct().ToList();
        var outs = connects.Where(c => inGroup.Contains(c[0]) && !inGroup.Contains(c[2])).Select(c => (Box: c[0], Port: c[1])).Distinct().ToList();
        // Inner canvas: inlets, then the group's boxes (positions kept), then outlets.
        var inner = new List<string>();
        var innerIndex = new Dictionary<int, int>();
        for (int k = 0; k < ins.Count; k++)
        {
            bool sig = connects.Any(c => c[2] == ins[k].Box && c[3] == ins[k].Port && !inGroup.Contains(c[0]) && SignalOut(c[0], c[1]));
            inner.Add($"#X obj {10 + 80 * k} 5 inlet{(sig ? "~" : "")};");
        }
        foreach (var g in group) { innerIndex[g] = inner.Count; inner.Add(lines[g]); }
        int firstOutlet = inner.Count;
        int maxY = group.Max(g => (int)root.Boxes[g].Y) + 60;
        for (int k = 0; k < outs.Count; k++) inner.Add($"#X obj {10 + 80 * k} {maxY} outlet{(SignalOut(outs[k].Box, outs[k].Port) ? "~" : "")};");
        var innerConnects = new List<int[]>();
        for (int k = 0; k < ins.Count; k++) innerConnects.Add([k, 0, innerIndex[ins[k].Box], ins[k].Port]);
        foreach (var c in connects.Where(c => inGroup.Contains(c[0]) && inGroup.Contains(c[2]))) innerConnects.Add([innerIndex[c[0]], c[1], innerIndex[c[2]],
            c[3]]);
        for (int k = 0; k < outs.Count; k++) innerConnects.Add([innerIndex[outs[k].Box], outs[k].Port, firstOutlet + k, 0]);
        // Root: the other boxes in their order, then the subpatch (its index is the last one).
        var rootIndex = new Dictionary<int, int>();
        var rootLines = new List<string>();
        for (int i = 0; i < lines.Count; i++) if (!inGroup.Contains(i)) { rootIndex[i] = rootLines.Count; rootLines.Add(lines[i]); }
        int sub = rootLines.Count;
        int sx = group.Min(g => (int)root.Boxes[g].X), sy = group.Min(g => (int)root.Boxes[g].Y);
        var block = "#N canvas 0 50 450 300 sub 0;\n" + string.Join("\n", inner) + "\n"
            + string.Concat(innerConnects.Select(c => $"#X connect {string.Join(' ', c)};\n")) + $"#X restore {sx} {sy} pd sub;";
        rootLines.Add(block);
        var rootConnects = new List<int[]>();
        foreach (var c in connects)
        {
            bool a = inGroup.Contains(c[0]), b = inGroup.Contains(c[2]);
            if (a && b) continue;
            if (!a && !b) rootConnects.Add([rootIndex[c[0]], c[1], rootIndex[c[2]], c[3]]);
            else if (b) rootConnects.Add([rootIndex[c[0]], c[1], sub, ins.IndexOf((c[2], c[3]))]);
            else rootConnects.Add([sub, outs.IndexOf((c[0], c[1])), rootIndex[c[2]], c[3]]);
        }
        return Join(header, rootLines, rootConnects);
    }

    /// <summary>
    /// Every output of the root (print, fed display) moved into a subpatch of its own at its place: an odd-numbered
    /// output k into <c>[pd outk]</c> holding <c>[inlet]→box(→[outlet])</c>, an even-numbered one a level deeper
    /// (<c>[pd outk]</c> holding <c>[inlet]→[pd deepk]→([outlet])</c>). The subpatch takes the box's index, so the root's
    /// connections stay as they are, and the outputs keep their reading order (subpatches are read after the root,
    /// in their boxes' order, and no output is left in the root). Null when the patch has no such output, or has a
    /// root <c>outlet</c> (which would then come first).
    /// </summary>
    public static string? OutputsIntoSubpatches(string text)
    {
        var patch = PdParser.Parse(text);
        if (patch.HasErrors) return null;
        var root = patch.Root;
        var (header, lines, connects) = Split(text);
        if (lines.Count != root.Boxes.Count) return null;
        var outputs = PatchInterface.Find(root).Outputs.Where(o => o.Kind != OutputKind.Dac).ToList();
        if (outputs.Count == 0 || outputs.Any(o => o.Kind == OutputKind.Outlet || o.Path is not null)) return null;
        for (int k = 1; k <= outputs.Count; k++)
        {
            int i = outputs[k - 1].BoxIndex;
            bool feedsOn = connects.Any(c => c[0] == i);
            if (connects.Any(c => c[2] == i && c[3] != 0) || (feedsOn && connects.Any(c => c[0] == i && c[1] != 0))) return null;
            var box = root.Boxes[i];
            string inner = AtPlace(lines[i], 10, 40);
            int depth = k % 2 == 1 ? 1 : 2;
            for (int d = depth; d >= 1; d--)
            {
                string name = d == 1 ? $"out{k}" : $"deep{k}";
                var block = new List<string> { "#N canvas 0 50 300 200 " + name + " 0;", "#X obj 10 5 inlet;", inner };
                if (feedsOn) block.Add("#X obj 10 90 outlet;");
                block.Add("#X connect 0 0 1 0;");
                if (feedsOn) block.Add("#X connect 1 0 2 0;");
                string x = d == 1 ? Coord(box.X) : "10", y = d == 1 ? Coord(box.Y) : "40";
                block.Add($"#X restore {x} {y} pd {name};");
                inner = string.Join("\n", block);
            }
            lines[i] = inner;
        }
        return Join(header, lines, connects);
    }

    /// <summary>
    /// Every driven input of the root (unfed number box, slider, toggle, bang, message, symbol/list box) moved into a
    /// subpatch <c>[pd ink]</c> of its own at its place, holding the box and, when it feeds anything, an <c>[outlet]</c>.
    /// The subpatch takes the box's index, so the root's connections stay; inputs keep their reading order. Null when
    /// the patch has no such input, or has a root <c>inlet</c> (which would then come first).
    /// </summary>
    public static string? InputsIntoSubpatches(string text)
    {
        var patch = PdParser.Parse(text);
        if (patch.HasErrors) return null;
        var root = patch.Root;
        var (header, lines, connects) = Split(text);
        if (lines.Count != root.Boxes.Count) return null;
        var inputs = PatchInterface.Find(root).Inputs;
        if (inputs.Count == 0 || inputs.Any(i => i.Kind == InputKind.Inlet || i.Path is not null)) return null;
        for (int k = 1; k <= inputs.Count; k++)
        {
            int i = inputs[k - 1].BoxIndex;
            if (connects.Any(c => c[0] == i && c[1] != 0)) return null;
            bool feeds = connects.Any(c => c[0] == i);
            var box = root.Boxes[i];
            var block = new List<string> { $"#N canvas 0 50 300 200 in{k} 0;", AtPlace(lines[i], 10, 10) };
            if (feeds) block.AddRange(["#X obj 10 90 outlet;", "#X connect 0 0 1 0;"]);
            block.Add($"#X restore {Coord(box.X)} {Coord(box.Y)} pd in{k};");
            lines[i] = string.Join("\n", block);
        }
        return Join(header, lines, connects);
    }

    static string Coord(double v) => v.ToString(CultureInfo.InvariantCulture);

    static string AtPlace(string line, int x, int y) =>
        Regex.Replace(line, @"^#X (obj|msg|floatatom|symbolatom|listbox) (-?[\d.]+) (-?[\d.]+)", m => $"#X {m.Groups[1]} {x} {y}");

    /// <summary>One semantic mutant of <paramref name="kind"/>, or null when the patch offers none.</summary>
    public static string? Mutant(string text, MutantKind kind, Random rng)
    {
        var (header, boxes, connects) = Split(text);
        switch (kind)
        {
            case MutantKind.Operator:
                var ops = boxes.Select((b, i) => (b, i)).Where(p => Regex.Match(p.b, @"^#X obj -?\d+ -?\d+ (\S+?)(;| )") is { Success: true } m
                    && Operators.TryGetValue(m.Groups[1].Value, out var o) && o != m.Groups[1].Value).ToList();
                if (ops.Count == 0) return null;
                var (box, idx) = ops[rng.Next(ops.Count)];
                boxes[idx] = Regex.Replace(box, @"^(#X obj -?\d+ -?\d+ )(\S+?)(;| )", m => m.Groups[1].Value + Operators[m.Groups[2].Value]
                    + m.Groups[3].Value);
                return Join(header, boxes, connects);
            case MutantKind.Constant:
                var nums = boxes.Select((b, i) => (b, i)).Where(p =>
                    Regex.IsMatch(p.b, @"^#X (obj -?\d+ -?\d+ (?!bng|tgl|nbx|hsl|vsl|hradio|vradio|cnv|vu)\S+|msg -?\d+ -?\d+) .*?-?\d")).ToList();
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
            case MutantKind.Cut:
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
