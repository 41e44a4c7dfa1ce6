namespace PatchBench.Harness.Records;

/// <summary>
/// One line of a run folder's <c>items.jsonl</c>: the suite item as the run saw it (prompt, reference patch, category),
/// so everything built from results — the site's item pages, a later comparison — needs the run folder only, never
/// the suite folder it came from.
/// </summary>
/// <param name="Id">Item id.</param>
/// <param name="Prompt">The item's request (before any template).</param>
/// <param name="Category">Category.</param>
/// <param name="Difficulty">Difficulty label.</param>
/// <param name="Reference">The reference patch text.</param>
public sealed record ItemRecord(string Id, string Prompt, string Category, string Difficulty, string Reference);
