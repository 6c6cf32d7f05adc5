using System.Threading.Channels;
using Bosun.Testing;

namespace Bosun.Storage.Tests;

/// <summary>Passes every call to a real store and reports revision reads and compactions as they finish.</summary>
internal sealed class RecordingStore(IStore inner) : DelegatingStore(inner)
{
    public Channel<long> RevisionReads { get; } = Channel.CreateUnbounded<long>();

    public Channel<long> Compactions { get; } = Channel.CreateUnbounded<long>();

    /// <summary>When set, the next compaction throws <see cref="StoreUnavailableException"/> (and reports -revision).</summary>
    public bool FailNextCompaction { get; set; }

    public override async ValueTask<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        var revision = await Inner.GetRevisionAsync(cancellationToken);
        RevisionReads.Writer.TryWrite(revision);
        return revision;
    }

    public override async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        if (FailNextCompaction)
        {
            FailNextCompaction = false;
            Compactions.Writer.TryWrite(-revision);
            throw new StoreUnavailableException("injected");
        }

        await Inner.CompactAsync(revision, cancellationToken);
        Compactions.Writer.TryWrite(revision);
    }
}
