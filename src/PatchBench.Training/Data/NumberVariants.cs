using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PatchBench.Training.Data;

/// <summary>
/// Instruction-shaped training pairs made from a few-shot item by changing the numbers the prompt and the patch share:
/// "adds 5 to any number" with <c>[+ 5]</c> becomes "adds 37 to any number" with <c>[+ 37]</c>. The 161 few-shot items
/// are too few for a model to learn that the numbers of a request belong in its patch; variants teach that mapping
/// (on-prompt behaviour) without new hand-written data. Only integers of at least 2 that appear as a whole word in the
/// prompt and as a whole argument of an object or message box are changed; coordinates, connections, 0 and 1
/// (structural far more often than requested) are never touched. A variant is not checked against the item's checks,
/// so it can be wrong where the patch derives a number from the request (a request for 10 steps built as [mod 11]):
/// training data, not a suite.
/// </summary>
public static partial class NumberVariants
{
    /// <summary>Up to <paramref name="count"/> variants of (prompt, patch), deterministic in <paramref name="seed"/>; none when they share no number.</summary>
    public static IReadOnlyList<(string Prompt, string Patch)> Of(string prompt, string patch, int count, int seed)
    {
        var shared = SharedNumbers(prompt, patch);
        if (shared.Count == 0 || count < 1) return [];
        var random = new Random(seed);
        var variants = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { prompt };
        for (var attempt = 0; variants.Count < count && attempt < count * 4; attempt++)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var n in shared)
            {
                var value = long.Parse(n, CultureInfo.InvariantCulture);
                string replacement;
                do replacement = Near(value, random).ToString(CultureInfo.InvariantCulture);
                while (replacement == n || map.ContainsValue(replacement) || shared.Contains(replacement));
                map[n] = replacement;
            }
            var p = PromptNumber().Replace(prompt, m => map.TryGetValue(m.Value, out var r) ? r : m.Value);
            if (!seen.Add(p)) continue;
            variants.Add((p, ReplaceArguments(patch, map)));
        }
        return variants;
    }

    /// <summary>The integers (≥ 2) that are whole words of the prompt and whole arguments of an object or message box, in prompt order.</summary>
    public static IReadOnlyList<string> SharedNumbers(string prompt, string patch)
    {
        var arguments = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in Records(patch))
        {
            if (BoxArguments(record) is { } args) arguments.UnionWith(args);
        }
        return PromptNumber().Matches(prompt).Select(m => m.Value).Distinct(StringComparer.Ordinal)
            .Where(n => arguments.Contains(n) && long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 2)
            .ToArray();
    }

    // A number of the same order of magnitude, at least 2: requests say "adds 5", "440 Hz", "every 500 ms".
    private static long Near(long value, Random random)
    {
        var digits = value.ToString(CultureInfo.InvariantCulture).Length;
        long low = digits == 1 ? 2 : (long)Math.Pow(10, digits - 1), high = (long)Math.Pow(10, digits) - 1;
        return random.NextInt64(low, high + 1);
    }

    private static string ReplaceArguments(string patch, Dictionary<string, string> map)
    {
        var sb = new StringBuilder(patch.Length + 16);
        foreach (var record in Records(patch))
        {
            var atoms = record.Split(' ');
            if (BoxArguments(record) is not null)
            {
                for (var i = atoms[1] == "obj" ? 5 : 4; i < atoms.Length; i++)
                {
                    var atom = atoms[i];
                    var end = atom.EndsWith(',') ? atom.Length - 1 : atom.EndsWith("\\;", StringComparison.Ordinal) ? atom.Length - 2 : atom.Length;
                    if (map.TryGetValue(atom[..end], out var r)) atoms[i] = r + atom[end..];
                }
            }
            sb.Append(string.Join(' ', atoms)).Append(";\n");
        }
        return sb.ToString();
    }

    // The arguments (atoms after "#X obj|msg x y class") of an object or message box record; null for any other record.
    private static IEnumerable<string>? BoxArguments(string record)
    {
        var atoms = record.Split(' ');
        if (atoms.Length < 5 || atoms[0] != "#X" || atoms[1] is not ("obj" or "msg")) return null;
        return atoms.Skip(atoms[1] == "obj" ? 5 : 4).Select(a => a.TrimEnd(',').Replace("\\;", "", StringComparison.Ordinal));
    }

    // Records of a patch without their closing ';' (Pd escapes a ';' inside a record as "\;").
    private static IEnumerable<string> Records(string patch)
    {
        foreach (var raw in RecordEnd().Split(patch.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            var record = raw.Trim().TrimEnd(';');
            if (record.Length > 0) yield return record;
        }
    }

    [GeneratedRegex(@"(?<![\w.\-])\d+(?![\w.]\d|\w)")]
    private static partial Regex PromptNumber();

    [GeneratedRegex(@"(?<!\\);\s*\n")]
    private static partial Regex RecordEnd();
}
