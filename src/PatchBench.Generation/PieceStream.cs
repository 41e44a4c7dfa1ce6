using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace PatchBench.Generation;

/// <summary>
/// Turns a callback-style generation (a producer that reports each piece) into an
/// <see cref="IAsyncEnumerable{T}"/>: the shape every backend's <c>StreamAsync</c> needs.
/// </summary>
public static class PieceStream
{
    /// <summary>
    /// Runs <paramref name="produce"/> in the background and yields its pieces as they come. The token
    /// given to the producer is also cancelled when the consumer stops reading early, so a backend frees
    /// its context (or connection) for the next request; errors of the producer surface to the reader.
    /// </summary>
    public static async IAsyncEnumerable<string> ReadAsync(
        Func<Action<string>, CancellationToken, Task> produce,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            try
            {
                await produce(piece => channel.Writer.TryWrite(piece), stop.Token).ConfigureAwait(false);
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var piece in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                // Pieces may be buffered ahead of the reader: a cancelled caller gets none of them.
                cancellationToken.ThrowIfCancellationRequested();
                yield return piece;
            }
        }
        finally
        {
            stop.Cancel();
            try { await producer.ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
    }
}
