namespace PatchBench.Site.Html;

/// <summary>Relative links between site paths ('/'-separated, relative to the site root), so the site works from <c>file://</c> and any host.</summary>
public static class SiteLinks
{
    /// <summary>The link from page <paramref name="fromPage"/> (site path of the page file, any extension) to <paramref name="target"/> (site path).</summary>
    public static string Relative(string fromPage, string target)
    {
        var from = fromPage.Split('/')[..^1];
        var to = target.Split('/');
        int common = 0;
        while (common < from.Length && common < to.Length - 1 && from[common] == to[common]) common++;
        var parts = Enumerable.Repeat("..", from.Length - common).Concat(to[common..]);
        return string.Join('/', parts);
    }

    /// <summary>A safe file name part: letters, digits, '-', '_' and '.'; anything else becomes '_'.</summary>
    public static string Slug(string text)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var s = new string(chars).Trim('.');
        return s.Length == 0 ? "_" : s;
    }
}
