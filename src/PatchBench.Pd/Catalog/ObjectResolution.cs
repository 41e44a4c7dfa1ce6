namespace PatchBench.Pd.Catalog;

/// <summary>What a catalog says about one object box.</summary>
public enum ResolutionStatus
{
    /// <summary>Pd creates the object; <see cref="ObjectResolution.Ports"/> is set.</summary>
    Created,
    /// <summary>The profile has no class of that name (it may still be an abstraction on the search path).</summary>
    UnknownClass,
    /// <summary>The class exists but Pd fails to create it with these arguments.</summary>
    Fails,
    /// <summary>The ports are those of the abstraction <see cref="ObjectResolution.AbstractionName"/> (<c>[clone]</c>).</summary>
    NeedsAbstraction,
}

/// <summary>The catalog's verdict on <c>[className arguments…]</c>.</summary>
/// <param name="Status">Created, unknown, failing, or depending on an abstraction.</param>
/// <param name="CanonicalName">Pd's class name (<c>list split</c> for <c>[list split 2]</c>), null when unknown.</param>
/// <param name="Ports">The ports when <paramref name="Status"/> is <see cref="ResolutionStatus.Created"/>.</param>
/// <param name="AbstractionName">The abstraction that gives the ports, for <see cref="ResolutionStatus.NeedsAbstraction"/>.</param>
/// <param name="Message">Why the object fails, for <see cref="ResolutionStatus.Fails"/>.</param>
public sealed record ObjectResolution(ResolutionStatus Status, string? CanonicalName, ObjectPorts? Ports, string? AbstractionName = null,
    string? Message = null);
