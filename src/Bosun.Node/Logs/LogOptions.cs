namespace Bosun.Node.Logs;

/// <summary>What a log request asks for (the kubelet's /containerLogs query: follow, tailLines, since, timestamps, limitBytes).</summary>
public sealed record LogOptions
{
    public bool Follow { get; init; }

    public long? TailLines { get; init; }

    public DateTime? Since { get; init; }

    public bool Timestamps { get; init; }

    public long? LimitBytes { get; init; }
}
