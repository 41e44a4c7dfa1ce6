namespace PatchBench.Pd.Catalog;

/// <summary>
/// One catalog file: a named profile, optionally layered on another (<c>extends</c>), with its classes.
/// </summary>
/// <param name="Name">Profile name, e.g. <c>vanilla</c> or <c>cyclone</c>.</param>
/// <param name="Extends">The profile this one adds to (null for a base profile).</param>
/// <param name="PdVersion">The Pd version the classes were probed in, e.g. <c>0.53.1</c>.</param>
/// <param name="Classes">The classes this profile adds (or replaces, by canonical name).</param>
public sealed record CatalogProfile(string Name, string? Extends, string PdVersion, IReadOnlyList<ObjectClass> Classes)
{
    /// <summary>The version of the JSON format this code reads and writes.</summary>
    public const int FormatVersion = 1;
}
