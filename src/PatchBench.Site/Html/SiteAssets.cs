namespace PatchBench.Site.Html;

/// <summary>The site's one stylesheet and its sort script (a few lines, no framework; tables read fine without it).</summary>
public static class SiteAssets
{
    /// <summary>style.css: system fonts, readable tables, colour used sparingly, light and dark by <c>prefers-color-scheme</c>, narrow screens.</summary>
    public const string Stylesheet = """
:root {
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --accent: #0b5cad; --good: #1a7f37; --bad: #c62828; --warn: #9a6700;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #161b22; --line: #30363d;
          --accent: #4493f8; --good: #3fb950; --bad: #f85149; --warn: #d29922; }
  figure svg { background: #ffffff; border-radius: 4px; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
header.site { display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem 1.4rem; padding: .7rem 1.5rem;
  border-bottom: 1px solid var(--line); background: var(--panel); }
header.site .brand { font-weight: 700; font-size: 1.1rem; color: var(--fg); text-decoration: none; letter-spacing: .01em; }
header.site nav { display: flex; gap: 1rem; }
main { max-width: 1320px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
footer { max-width: 1320px; margin: 0 auto; padding: 1rem 1.5rem 2rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 1.2rem 0 .6rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.08rem; margin: 1.5rem 0 .5rem; }
p, ul, ol { max-width: 75ch; }
a { color: var(--accent); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
code { font: .88em/1.45 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; }
:not(pre) > code { background: var(--panel); padding: .1em .3em; border-radius: 4px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .7rem .9rem; overflow-x: auto; }
.table-wrap { overflow-x: auto; margin: .8rem 0 1.2rem; }
table { border-collapse: collapse; font-size: .9rem; font-variant-numeric: tabular-nums; }
th, td { padding: .38rem .7rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; white-space: nowrap; border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody tr:hover { background: var(--panel); }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: " ↕"; color: var(--muted); font-size: .8em; }
table.sortable th[aria-sort="ascending"]::after { content: " ▲"; color: var(--accent); }
table.sortable th[aria-sort="descending"]::after { content: " ▼"; color: var(--accent); }
td.tie { color: var(--muted); }
td.pass { color: var(--good); } td.fail { color: var(--bad); } td.flag { color: var(--warn); font-weight: 600; }
.ci { color: var(--muted); font-size: .85em; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; margin: .8rem 0 1.2rem; }
figure { margin: 0; max-width: 100%; overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
.figures.drawings figure { flex: 1 1 0; min-width: min(280px, 100%); border: 1px solid var(--line); border-radius: 6px; padding: .5rem; background: #ffffff; }
.figures.drawings figure svg { width: min(100%, calc(var(--w, 300px) * 1.5)); height: auto; }
table[id^="leaderboard"] td { white-space: nowrap; }
figcaption { color: var(--muted); font-size: .82rem; margin-top: .3rem; }
figcaption a.svg-file { margin-left: .4rem; font-size: .75rem; }
pre.annotated { padding: .6rem 0; }
pre.annotated .line { display: block; padding: 0 .9rem 0 0; }
pre.annotated .line.noted { background: color-mix(in srgb, var(--bad) 12%, transparent); }
pre.annotated .ln { display: inline-block; width: 3.2em; padding-right: .9em; text-align: right; color: var(--muted); user-select: none; }
pre.annotated .note { display: block; padding: 0 .9rem 0 4.1em; color: var(--bad); font-style: italic; }
details { margin: .6rem 0 1rem; }
details summary { cursor: pointer; color: var(--muted); }
blockquote { margin: .8rem 0; padding: .5rem 1rem; border-left: 4px solid var(--line); color: var(--muted); background: var(--panel); }
@media (max-width: 640px) {
  body { font-size: 14px; }
  main, footer { padding-left: .8rem; padding-right: .8rem; }
  header.site { padding: .6rem .8rem; }
  th, td { padding: .3rem .45rem; }
  h1 { font-size: 1.4rem; }
}
""";

    /// <summary>sort.js: click (or Enter on) a header of a sortable table to sort its rows by that column, again to reverse.</summary>
    public const string SortScript = """
// Sorts a table.sortable by the clicked column: data-sort-value when a cell has one, else its text; numbers numerically,
// empty values last in either direction. Without this script the table still reads in its published order.
document.querySelectorAll("table.sortable").forEach(function (table) {
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, col) {
    th.tabIndex = 0;
    function key(row) {
      var cell = row.cells[col];
      var v = cell.getAttribute("data-sort-value");
      return v === null ? cell.textContent.trim() : v;
    }
    function sort() {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.map.call(body.rows, function (r, i) { return { row: r, key: key(r), index: i }; });
      rows.sort(function (a, b) {
        if (a.key === "" || b.key === "") return (a.key === "") - (b.key === "") || a.index - b.index;
        var x = Number(a.key), y = Number(b.key);
        var d = !isNaN(x) && !isNaN(y) ? x - y : a.key.localeCompare(b.key);
        return (ascending ? d : -d) || a.index - b.index;
      });
      rows.forEach(function (r) { body.appendChild(r.row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });
});
""";
}
