namespace PatchBench.Pd;

/// <summary>How serious a finding is: errors are what Pd itself reports as failures.</summary>
public enum PdSeverity
{
    /// <summary>Pd accepts it, but a Pd expert would flag it.</summary>
    Warning,
    /// <summary>Pd reports a failure (an object not created, a connection refused, a broken record).</summary>
    Error,
}

/// <summary>A finding about a patch, located at a line and column of its file.</summary>
/// <param name="Line">1-based line (0 when the finding concerns the whole file).</param>
/// <param name="Column">1-based column.</param>
/// <param name="Code">A stable code such as <c>PD101</c>; see <see cref="PdDiagnosticCodes"/>.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">What is wrong, in words a Pd user understands.</param>
public sealed record PdDiagnostic(int Line, int Column, string Code, PdSeverity Severity, string Message);

/// <summary>The stable codes of the parser's own findings. Lint rules add theirs beside these.</summary>
public static class PdDiagnosticCodes
{
    /// <summary>The file ended inside a record (no closing <c>;</c>).</summary>
    public const string UnterminatedRecord = "PD001";
    /// <summary>A record with an unknown tag or selector, or with missing or malformed fields.</summary>
    public const string MalformedRecord = "PD002";
    /// <summary>The file does not start with a <c>#N canvas</c> record.</summary>
    public const string NoCanvas = "PD003";
    /// <summary>A <c>#X restore</c> with no open subpatch, or a subpatch never restored.</summary>
    public const string UnbalancedCanvas = "PD004";
    /// <summary>The file holds no boxes at all.</summary>
    public const string EmptyPatch = "PD005";
    /// <summary>Text that is not valid UTF-8 or contains NUL bytes.</summary>
    public const string BadEncoding = "PD006";
    /// <summary>An <c>#A</c> record with no array before it.</summary>
    public const string DanglingArrayData = "PD007";
}
