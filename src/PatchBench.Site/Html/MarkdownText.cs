using System.Globalization;
using System.Text;

namespace PatchBench.Site.Html;

/// <summary>Escaping and number formatting for Markdown text (invariant culture everywhere).</summary>
public static class MarkdownText
{
    /// <summary>Escapes characters Markdown would read as syntax (also '|' for table cells); newlines become spaces.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#' or '!' or '~') sb.Append('\\').Append(c);
            else if (c is '\n' or '\r' or '\t') sb.Append(' ');
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Inline code that survives any backticks in <paramref name="text"/>.</summary>
    public static string Code(string text)
    {
        text = text.Replace('\n', ' ').Replace('|', '¦');
        int run = 0, longest = 0;
        foreach (var c in text) { run = c == '`' ? run + 1 : 0; longest = Math.Max(longest, run); }
        var fence = new string('`', longest + 1);
        var pad = text.StartsWith('`') || text.EndsWith('`') || text.Length == 0 ? " " : "";
        return fence + pad + text + pad + fence;
    }

    /// <summary>A fenced code block whose fence is longer than any backtick run inside.</summary>
    public static string Fenced(string text, string language = "")
    {
        int run = 0, longest = 0;
        foreach (var c in text) { run = c == '`' ? run + 1 : 0; longest = Math.Max(longest, run); }
        var fence = new string('`', Math.Max(3, longest + 1));
        return fence + language + "\n" + text.TrimEnd('\n') + "\n" + fence + "\n";
    }

    /// <summary>A link in Markdown.</summary>
    public static string Link(string text, string href) => $"[{Escape(text)}]({href.Replace(" ", "%20").Replace("(", "%28").Replace(")", "%29")})";

    /// <summary>A number with up to <paramref name="decimals"/> decimals.</summary>
    public static string Number(double value, int decimals = 3) =>
        double.IsFinite(value) ? Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture) : "—";

    /// <summary>A number with a fixed number of decimals.</summary>
    public static string Fixed(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "—";

    /// <summary>A sort key for a number (round-trip precision, invariant).</summary>
    public static string Key(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";
}
