using Microsoft.Playwright;

namespace PatchBench.Site.Tests;

/// <summary>
/// The built site in a real browser: Playwright for .NET driving Debian's Chromium (/usr/bin/chromium, headless; the
/// browser download is switched off), the pages opened from file://. Screenshots go to TestResults/screenshots/.
/// </summary>
[Collection(SiteCollection.Name)]
[Trait("Category", "Integration")] // Chromium through Playwright
public sealed class BrowserTests(SiteFixture site) : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string Screenshots => Path.Combine(SiteFixture.RepoRoot, "tests", "PatchBench.Site.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (!File.Exists(ChromiumPath)) throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/setup.sh (installs Debian's chromium)");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    private string Url(string rel) => new Uri(Path.Combine(site.Site, rel)).AbsoluteUri;

    /// <summary>Opens a page, recording console errors, page errors and every request URL.</summary>
    private async Task<(IPage Page, List<string> Errors, List<string> Requests)> Open(string rel, int width = 1280, int height = 900,
        ColorScheme scheme = ColorScheme.Light)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.Request += (_, r) => requests.Add(r.Url);
        page.RequestFailed += (_, r) => errors.Add($"request failed: {r.Url}");
        var response = await page.GotoAsync(Url(rel), new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        return (page, errors, requests);
    }

    [Fact]
    public async Task Leaderboard_loads_from_file_url_with_no_console_errors_and_no_network_requests()
    {
        var (page, errors, requests) = await Open("index.html");
        Assert.Empty(errors);
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.StartsWith("file://", r));
        Assert.Equal(5, await page.Locator("table.sortable tbody tr").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "leaderboard.png"), FullPage = true });
        var (dark, darkErrors, _) = await Open("index.html", scheme: ColorScheme.Dark);
        Assert.Empty(darkErrors);
        await dark.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "leaderboard-dark.png"), FullPage = true });
        var (narrow, narrowErrors, _) = await Open("index.html", width: 390, height: 844);
        Assert.Empty(narrowErrors);
        // On a phone-width screen the page itself does not scroll sideways; only the table's own wrapper does.
        Assert.True(await narrow.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"));
        await narrow.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "leaderboard-narrow.png"), FullPage = true });
    }

    [Fact]
    public async Task Clicking_a_header_sorts_the_rows_and_clicking_again_reverses_them()
    {
        var (page, errors, _) = await Open("index.html");
        var table = page.Locator("table.sortable").First;
        async Task<List<string>> Column(int index) =>
            (await table.Locator($"tbody tr td:nth-child({index + 1})").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        var headers = (await table.Locator("thead th").AllInnerTextsAsync()).Select(h => h.Replace("↕", "").Replace("▲", "").Replace("▼", "").Trim()).ToList();
        int system = headers.IndexOf("System"), tg = headers.IndexOf("tg t/s");

        await table.Locator("thead th").Nth(system).ClickAsync();
        var ascending = await Column(system);
        Assert.Equal(ascending.Order(StringComparer.Ordinal).ToList(), ascending);
        Assert.Equal("ascending", await table.Locator("thead th").Nth(system).GetAttributeAsync("aria-sort"));
        await table.Locator("thead th").Nth(system).ClickAsync();
        var descending = await Column(system);
        Assert.Equal(ascending.AsEnumerable().Reverse().ToList(), descending);

        // Numbers sort numerically, rows without a value last.
        await table.Locator("thead th").Nth(tg).ClickAsync();
        var speeds = await Column(tg);
        Assert.Equal(["30.0", "42.5", "—", "—", "—"], speeds);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_link_on_the_index_a_run_page_and_an_item_page_resolves()
    {
        var itemsIndex = Path.Combine("items", SiteFixture.CoreKey, "index.html");
        var firstItem = Directory.GetFiles(Path.Combine(site.Site, "items", SiteFixture.CoreKey), "*.html").Where(f => !f.EndsWith("index.html"))
            .Order(StringComparer.Ordinal).First();
        foreach (var rel in new[] { "index.html", Path.Combine("runs", "core-tiny-pd-step200.html"), itemsIndex, Path.GetRelativePath(site.Site, firstItem) })
        {
            var (page, errors, requests) = await Open(rel);
            var hrefs = await page.EvalOnSelectorAllAsync<string[]>("a[href]", "as => as.map(a => new URL(a.getAttribute('href'), document.baseURI).href)");
            Assert.NotEmpty(hrefs);
            foreach (var href in hrefs.Distinct())
            {
                Assert.StartsWith("file://", href);
                var uri = new Uri(href);
                Assert.True(File.Exists(uri.LocalPath), $"{rel}: {href} does not exist");
                if (uri.Fragment.Length > 1 && uri.LocalPath == new Uri(Url(rel)).LocalPath)
                    Assert.True(await page.Locator($"[id='{Uri.UnescapeDataString(uri.Fragment[1..])}']").CountAsync() == 1, $"{rel}: no element for {href}");
            }
            // Follow the page links once: each loads without errors.
            foreach (var href in hrefs.Where(h => h.EndsWith(".html")).Distinct().Take(3))
            {
                var (next, nextErrors, _) = await Open(Path.GetRelativePath(site.Site, new Uri(href).LocalPath));
                Assert.True(nextErrors.Count == 0, $"{href}: {string.Join("; ", nextErrors)}");
                await next.Context.CloseAsync();
            }
            Assert.Empty(errors);
            Assert.All(requests, r => Assert.StartsWith("file://", r));
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Every_svg_renders_with_a_non_zero_size()
    {
        var firstItem = Directory.GetFiles(Path.Combine(site.Site, "items", SiteFixture.CoreKey), "*.html").Where(f => !f.EndsWith("index.html"))
            .Order(StringComparer.Ordinal).First();
        foreach (var rel in new[] { "index.html", "throughput.html", Path.Combine("runs", "core-tiny-pd-step200.html"),
            Path.GetRelativePath(site.Site, firstItem) })
        {
            var (page, errors, _) = await Open(rel);
            var sizes = await page.EvalOnSelectorAllAsync<double[][]>("svg",
                "ss => ss.map(s => { const r = s.getBoundingClientRect(); return [r.width, r.height]; })");
            Assert.NotEmpty(sizes);
            Assert.All(sizes, s => Assert.True(s[0] > 0 && s[1] > 0, $"{rel}: an svg of size {s[0]}×{s[1]}"));
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_index_leads_to_the_training_page_whose_loss_chart_and_tables_render_and_to_the_gate_page()
    {
        var (index, errors, requests) = await Open("index.html");
        // Linked twice: from the header's navigation (clicked here) and from the leaderboard's list of pages.
        Assert.Equal(2, await index.Locator("a[href='training/tiny-pd.html']").CountAsync());
        await index.Locator("header nav a[href='training/tiny-pd.html']").ClickAsync();
        await index.WaitForLoadStateAsync(LoadState.Load);
        Assert.EndsWith("/training/tiny-pd.html", index.Url);
        var chart = index.Locator("figure svg[role=img]").First;
        Assert.True(await chart.IsVisibleAsync());
        var box = await chart.BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 150 }, $"loss chart drawn at {box?.Width}×{box?.Height}");
        // SVG text has no innerText; its text content is what the reader sees.
        Assert.Contains("training loss", (await chart.Locator("text").AllTextContentsAsync()).Select(t => t.Trim()));
        // Checkpoint markers carry tooltips.
        var tips = await index.Locator("figure svg .hotspots title").AllTextContentsAsync();
        Assert.Contains(tips, t => t.StartsWith("checkpoints — tiny-pd-step0200", StringComparison.Ordinal));
        Assert.Equal(4, await index.Locator("table#checkpoints tbody tr").CountAsync());
        Assert.Equal("Contamination check: core against the training set", (await index.Locator("h3").First.InnerTextAsync()).Trim());
        await index.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "training.png"), FullPage = true });
        // The gate link on the family page leads to its summary on the gate page.
        await index.Locator("a[href='../gate.html#tiny-pd-step0200']").ClickAsync();
        // Waiting for the URL, not the load state: a cross-document link with a fragment ends in a same-document
        // scroll, after which Playwright's load-state wait can miss the load event (timed out once on a loaded machine).
        await index.WaitForURLAsync("**/gate.html#tiny-pd-step0200", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        Assert.EndsWith("/gate.html#tiny-pd-step0200", index.Url);
        Assert.Equal("PatchBench gate: passed", (await index.Locator("h3").First.InnerTextAsync()).Trim());
        Assert.Equal("similarity", (await index.Locator("td", new PageLocatorOptions { HasTextString = "similarity" }).First.InnerTextAsync()).Trim());
        Assert.Empty(errors);
        Assert.All(requests, r => Assert.StartsWith("file://", r));
    }

    [Fact]
    public async Task An_item_page_shows_the_reference_and_the_candidate_drawings()
    {
        // The most disputed item: the first row of the items index.
        var (index, _, _) = await Open(Path.Combine("items", SiteFixture.CoreKey, "index.html"));
        await index.Locator("table.sortable tbody tr").First.Locator("a").ClickAsync();
        await index.WaitForLoadStateAsync(LoadState.Load);
        var page = index;
        var candidate = page.Locator(".figures.drawings").Nth(1); // the reference alone, then the best non-reference system
        Assert.True(await page.Locator(".figures.drawings").CountAsync() >= 4);
        var drawings = page.Locator(".figures.drawings figure svg");
        int count = await drawings.CountAsync();
        for (int i = 0; i < count; i++) Assert.True(await drawings.Nth(i).IsVisibleAsync());
        var pair = await candidate.Locator("figure").CountAsync();
        Assert.Equal(2, pair);
        Assert.True(await candidate.Locator("figure").Nth(0).Locator("[data-box]").CountAsync() > 0, "the reference drawing has boxes");
        Assert.Contains("candidate", await candidate.Locator("figure").Nth(1).InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "item.png"), FullPage = true });
    }
}
