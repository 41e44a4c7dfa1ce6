using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Tests.Mutations;

/// <summary>A mutated patch: its text, the kind of mutation and what exactly was done to it.</summary>
public sealed record MutatedPatch(string Text, string Kind, string Description);

/// <summary>
/// Makes seeded, plausible mistakes in real patches: wrong connection indices, unknown or swapped
/// classes, deleted boxes (shifting indices), duplicate or new connections, broken records.
/// Writes one record per line; Pd reads that exactly as the original wrapping.
/// </summary>
public static class PatchMutator
{
    // Classes to swap in: control and signal, with varied port counts.
    private static readonly string[] SwapClasses =
    [
        "osc~ 440", "print", "+~", "+ 1", "*~ 0.5", "f", "t b b", "dac~", "line~", "line", "sig~", "snapshot~", "metro 100",
        "lop~ 1000", "noise~", "vline~", "bang", "moses 5", "spigot", "pack f f", "unpack f f f", "select 1 2", "route a b",
        "list", "delay 10", "timer", "tabread~ x", "env~", "clip~ -1 1", "hip~ 5", "expr $f1 + 1", "outlet", "inlet~", "loadbang",
        "r foo", "s foo", "r~ foo", "s~ foo", "throw~ bar", "catch~ bar", "phasor~", "cos~", "wrap~", "samphold~", "max~", "min",
    ];

    private sealed record Layout(List<List<int>> Boxes, List<List<int>> Connects, int[] CanvasOf);

    /// <summary>One mutation of <paramref name="text"/>, chosen by <paramref name="random"/>.</summary>
    public static MutatedPatch Mutate(string text, Random random)
    {
        var records = PdRecordReader.Read(text).Select(r => r.Atoms.Select(a => a.Text).ToList()).ToList();
        var layout = Analyse(records);
        for (int attempt = 0; attempt < 8; attempt++)
        {
            int roll = random.Next(100);
            (string kind, string? what) = roll switch
            {
                < 3 => ("unchanged", "unchanged"),
                < 13 => ("outlet index", ShiftPort(records, layout, random, outlet: true)),
                < 23 => ("inlet index", ShiftPort(records, layout, random, outlet: false)),
                < 30 => ("box index", MoveEndpoint(records, layout, random)),
                < 42 => ("new connection", NewConnection(records, layout, random)),
                < 46 => ("duplicate connection", DuplicateConnection(records, layout, random)),
                < 54 => ("misspelled class", MisspellClass(records, layout, random)),
                < 68 => ("swapped class", SwapClass(records, layout, random)),
                < 74 => ("deleted box", DeleteBox(records, layout, random, renumber: false)),
                < 80 => ("deleted box, renumbered", DeleteBox(records, layout, random, renumber: true)),
                < 84 => ("swapped boxes", SwapBoxes(records, layout, random)),
                _ => ("broken record", BreakRecord(records, layout, random)),
            };
            if (what is not null)
                return new MutatedPatch(string.Concat(records.Where(r => r.Count > 0).Select(r => string.Join(' ', r) + ";\n")), kind, what);
        }
        return new MutatedPatch(string.Concat(records.Select(r => string.Join(' ', r) + ";\n")), "unchanged", "unchanged");
    }

    private static Layout Analyse(List<List<string>> records)
    {
        var boxes = new List<List<int>>();
        var connects = new List<List<int>>();
        var canvasOf = new int[records.Count];
        var stack = new Stack<int>();
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            string tag = r.Count > 0 ? r[0] : "", sel = r.Count > 1 ? r[1] : "";
            if (tag == "#N" && sel == "canvas")
            {
                boxes.Add([]); connects.Add([]);
                stack.Push(boxes.Count - 1);
                canvasOf[i] = stack.Peek();
                continue;
            }
            if (stack.Count == 0) { canvasOf[i] = -1; continue; }
            if (tag == "#X" && sel == "restore" && stack.Count > 1) stack.Pop();
            int c = stack.Peek();
            canvasOf[i] = c;
            if (tag != "#X") continue;
            if (sel is "obj" or "msg" or "floatatom" or "symbolatom" or "listbox" or "text" or "scalar" or "array" or "restore") boxes[c].Add(i);
            else if (sel == "connect" && r.Count == 6) connects[c].Add(i);
        }
        return new Layout(boxes, connects, canvasOf);
    }

    private static T Pick<T>(List<T> list, Random random) => list[random.Next(list.Count)];

    private static List<int> AllConnects(Layout l) => l.Connects.SelectMany(c => c).ToList();

    private static string? ShiftPort(List<List<string>> records, Layout l, Random random, bool outlet)
    {
        var all = AllConnects(l);
        if (all.Count == 0) return null;
        int i = Pick(all, random), field = outlet ? 3 : 5;
        if (!int.TryParse(records[i][field], out int old)) return null;
        int now = random.Next(3) == 0 ? random.Next(0, 5) : old + random.Next(1, 3);
        if (now == old) now++;
        records[i][field] = now.ToString();
        return $"{(outlet ? "outlet" : "inlet")} of connection on record {i} {old}→{now}";
    }

    private static string? MoveEndpoint(List<List<string>> records, Layout l, Random random)
    {
        var all = AllConnects(l);
        if (all.Count == 0) return null;
        int i = Pick(all, random), field = random.Next(2) == 0 ? 2 : 4;
        int n = l.Boxes[l.CanvasOf[i]].Count;
        string old = records[i][field];
        records[i][field] = random.Next(0, n + 2).ToString();
        return $"{(field == 2 ? "source" : "sink")} of connection on record {i} {old}→{records[i][field]}";
    }

    private static string? NewConnection(List<List<string>> records, Layout l, Random random)
    {
        var canvases = Enumerable.Range(0, l.Boxes.Count).Where(c => l.Boxes[c].Count >= 2).ToList();
        if (canvases.Count == 0) return null;
        int c = Pick(canvases, random), n = l.Boxes[c].Count;
        var rec = new List<string> { "#X", "connect", random.Next(n).ToString(), random.Next(3).ToString(), random.Next(n).ToString(),
            random.Next(3).ToString() };
        int at = l.Connects[c].Count > 0 ? Pick(l.Connects[c], random) + 1 : l.Boxes[c][^1] + 1;
        records.Insert(at, rec);
        return $"new connection {string.Join(' ', rec.Skip(2))} in canvas {c}";
    }

    private static string? DuplicateConnection(List<List<string>> records, Layout l, Random random)
    {
        var all = AllConnects(l);
        if (all.Count == 0) return null;
        int i = Pick(all, random);
        records.Insert(i + 1, [.. records[i]]);
        return $"duplicated connection on record {i}";
    }

    private static List<int> Objects(List<List<string>> records, Layout l) =>
        l.Boxes.SelectMany(b => b).Where(i => records[i][1] == "obj" && records[i].Count > 4).ToList();

    private static string? MisspellClass(List<List<string>> records, Layout l, Random random)
    {
        var objs = Objects(records, l);
        if (objs.Count == 0) return null;
        int i = Pick(objs, random);
        string old = records[i][4];
        string now = random.Next(3) switch
        {
            0 when old.Length > 1 => old.Remove(random.Next(old.Length), 1),
            1 => old + "x",
            _ => "zq" + random.Next(1000) + (old.EndsWith('~') ? "~" : ""),
        };
        if (now == old || now.Length == 0) now = old + "q";
        records[i][4] = now;
        return $"class on record {i} {old}→{now}";
    }

    private static string? SwapClass(List<List<string>> records, Layout l, Random random)
    {
        var objs = Objects(records, l);
        if (objs.Count == 0) return null;
        int i = Pick(objs, random);
        string old = string.Join(' ', records[i].Skip(4));
        string now = Pick(SwapClasses.ToList(), random).Replace("$", "\\$");
        records[i] = [.. records[i].Take(4), .. now.Split(' ')];
        return $"object on record {i} [{old}]→[{now}]";
    }

    private static string? DeleteBox(List<List<string>> records, Layout l, Random random, bool renumber)
    {
        var candidates = l.Boxes.SelectMany(b => b).Where(i => records[i][1] is "obj" or "msg" or "floatatom" or "text").ToList();
        if (candidates.Count == 0) return null;
        int i = Pick(candidates, random), c = l.CanvasOf[i], index = l.Boxes[c].IndexOf(i);
        if (renumber)
        {
            foreach (int k in l.Connects[c])
            {
                var r = records[k];
                if (!int.TryParse(r[2], out int s) || !int.TryParse(r[4], out int t)) continue;
                if (s == index || t == index) { r.Clear(); continue; }
                if (s > index) r[2] = (s - 1).ToString();
                if (t > index) r[4] = (t - 1).ToString();
            }
        }
        string old = string.Join(' ', records[i].Skip(4));
        records[i].Clear();
        return $"deleted box {index} [{old}] of canvas {c}{(renumber ? " with its connections, renumbered" : "")}";
    }

    private static string? SwapBoxes(List<List<string>> records, Layout l, Random random)
    {
        var canvases = Enumerable.Range(0, l.Boxes.Count)
            .Where(c => l.Boxes[c].Count(i => records[i][1] is "obj" or "msg") >= 2).ToList();
        if (canvases.Count == 0) return null;
        var plain = l.Boxes[Pick(canvases, random)].Where(i => records[i][1] is "obj" or "msg").ToList();
        int a = Pick(plain, random), b = Pick(plain, random);
        if (a == b) return null;
        (records[a], records[b]) = (records[b], records[a]);
        return $"swapped box records {a} and {b}";
    }

    private static string? BreakRecord(List<List<string>> records, Layout l, Random random)
    {
        var objs = Objects(records, l);
        var all = AllConnects(l);
        var restores = Enumerable.Range(0, records.Count).Where(i => records[i].Count > 1 && records[i][0] == "#X" && records[i][1] == "restore").ToList();
        switch (random.Next(10))
        {
            case 0 when objs.Count > 0:
            {
                int i = Pick(objs, random);
                records[i] = [records[i][0], records[i][1], .. records[i].Skip(4).Take(1)];
                return $"object record {i} lost its coordinates";
            }
            case 1:
            {
                int i = random.Next(1, Math.Max(2, records.Count));
                if (i >= records.Count || records[i].Count == 0) return null;
                records[i][0] = random.Next(2) == 0 ? "#Y" : "#x";
                return $"record {i} tag changed to {records[i][0]}";
            }
            case 2 when objs.Count > 0:
            {
                int i = Pick(objs, random);
                records[i][1] = "objj";
                return $"record {i} selector obj→objj";
            }
            case 3 when all.Count > 0:
            {
                int i = Pick(all, random);
                if (random.Next(2) == 0) records[i].RemoveAt(5); else records[i][4] = "x";
                return $"connection record {i} broken: {string.Join(' ', records[i])}";
            }
            case 4 when restores.Count > 0:
            {
                int i = Pick(restores, random);
                records[i].Clear();
                return $"removed restore record {i}";
            }
            case 5 when restores.Count > 0:
            {
                int i = Pick(restores, random);
                records.Insert(i + 1, [.. records[i]]);
                return $"duplicated restore record {i}";
            }
            case 6 when records.Count > 3:
            {
                int i = random.Next(1, records.Count - 1);
                if (records[i].Count == 0 || records[i + 1].Count == 0) return null;
                records[i].AddRange(records[i + 1]);
                records[i + 1].Clear();
                return $"semicolon between records {i} and {i + 1} removed";
            }
            case 7 when objs.Count > 0:
            {
                int i = Pick(objs, random);
                records.Insert(i + 1, ["#A", "0", "1", "2", "3"]);
                return $"'#A' data after record {i}";
            }
            case 8:
                if (records.Count == 0 || records[0].Count < 2 || records[0][1] != "canvas") return null;
                records[0].Clear();
                return "removed the root '#N canvas' record";
            case 9 when objs.Count > 0:
            {
                int i = Pick(objs, random);
                records[i].InsertRange(Math.Min(records[i].Count, 5), [",", random.Next(2) == 0 ? "f" : "foo", "12"]);
                return $"', f 12' or ', foo 12' suffix on record {i}";
            }
        }
        return null;
    }
}
