using PatchBench.Pd.Model;

namespace PatchBench.Harness.Suites;

/// <summary>The manifest of a suite (<c>suite.yaml</c>): who it is and which version.</summary>
/// <param name="Name">Kebab-case suite name, e.g. <c>core</c>.</param>
/// <param name="Version">Semantic version (<c>MAJOR.MINOR.PATCH</c>), bumped when items change.</param>
/// <param name="Description">What the suite is for.</param>
/// <param name="License">License of the items (an SPDX identifier such as <c>CC-BY-4.0</c>).</param>
/// <param name="Profile">Object profile the references use; <c>vanilla</c> means Pd vanilla plus what items list in <c>requires</c>.</param>
public sealed record SuiteManifest(string Name, string Version, string Description, string License, string Profile);

/// <summary>One benchmark item: a prompt, its verified reference patch and its functional checks.</summary>
/// <param name="Id">Kebab-case id, unique in the suite; the item file is <c>items/&lt;id&gt;.yaml</c>.</param>
/// <param name="Prompt">The request given to the system under test.</param>
/// <param name="Category">One of <see cref="SuiteCategories.All"/>.</param>
/// <param name="Difficulty">1 (one object) to 5 (about twenty objects).</param>
/// <param name="ReferenceFile">The reference's file name relative to the item file (<c>&lt;id&gt;.pd</c>).</param>
/// <param name="ReferenceText">The reference patch text.</param>
/// <param name="Reference">The reference, parsed.</param>
/// <param name="Requires">External libraries the reference needs (e.g. <c>Gem</c>); empty for vanilla items.</param>
/// <param name="Source">Where the prompt comes from, when it is not original to this suite.</param>
/// <param name="Checks">Functional checks; empty only for items with <paramref name="Requires"/>, which are load-checked only.</param>
/// <param name="ItemPath">Full path of the item file, for messages.</param>
public sealed record SuiteItem(
    string Id,
    string Prompt,
    string Category,
    int Difficulty,
    string ReferenceFile,
    string ReferenceText,
    PdPatch Reference,
    IReadOnlyList<string> Requires,
    string? Source,
    IReadOnlyList<FunctionalCheck> Checks,
    string ItemPath);

/// <summary>A loaded, validated suite.</summary>
/// <param name="Directory">The suite folder.</param>
/// <param name="Manifest">Its manifest.</param>
/// <param name="Items">Its items, ordered by id (ordinal).</param>
/// <param name="ContentHash"><c>sha256:</c> + hex digest over the manifest, every item file and every reference (see <see cref="SuiteContentHash"/>).</param>
public sealed record Suite(string Directory, SuiteManifest Manifest, IReadOnlyList<SuiteItem> Items, string ContentHash)
{
    /// <summary>The item with this id, or null.</summary>
    public SuiteItem? Find(string id) => Items.FirstOrDefault(i => i.Id == id);
}

/// <summary>A problem found while loading a suite, located in a file.</summary>
/// <param name="File">Path of the file concerned.</param>
/// <param name="Line">1-based line (0 when the problem concerns the whole file).</param>
/// <param name="Column">1-based column (0 when unknown).</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record SuiteProblem(string File, int Line, int Column, string Message)
{
    /// <summary>The conventional <c>file:line:column: message</c> form.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}

/// <summary>The result of loading: the suite when there were no problems, and every problem found.</summary>
/// <param name="Suite">The suite, or null when <paramref name="Problems"/> is not empty.</param>
/// <param name="Problems">Every problem found, in file order.</param>
public sealed record SuiteLoadResult(Suite? Suite, IReadOnlyList<SuiteProblem> Problems)
{
    /// <summary>True when the suite loaded without any problem.</summary>
    public bool Ok => Suite is not null && Problems.Count == 0;
}

/// <summary>The fixed list of item categories.</summary>
public static class SuiteCategories
{
    /// <summary>Every category, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "control-math", "logic-comparison", "message-routing", "timing", "counters-state",
        "random-sequencing", "lists-symbols", "arrays-tables", "oscillators-synthesis",
        "noise-filters", "envelopes", "effects", "audio-analysis", "midi-notes",
        "gui-instruments", "gem-graphics",
    ];
}
