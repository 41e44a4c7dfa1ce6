namespace PatchBench.Pd.Catalog;

/// <summary>
/// A value a record computes from its other members and keeps for reuse. It never takes part in the
/// record's equality or hash code (all memos are equal), so caching does not change what the record means.
/// </summary>
internal struct Memo<T> : IEquatable<Memo<T>> where T : class
{
    /// <summary>The remembered value, or null before the first use.</summary>
    public T? Value;

    /// <inheritdoc />
    public readonly bool Equals(Memo<T> other) => true;

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is Memo<T>;

    /// <inheritdoc />
    public override readonly int GetHashCode() => 0;
}
