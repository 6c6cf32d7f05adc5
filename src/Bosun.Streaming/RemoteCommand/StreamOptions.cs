using Microsoft.AspNetCore.Http;

namespace Bosun.Streaming.RemoteCommand;

/// <summary>Which standard streams an exec or attach session carries, and whether it runs in a terminal.</summary>
public sealed record StreamOptions(bool Stdin, bool Stdout, bool Stderr, bool Tty)
{
    /// <summary>
    /// The options of a kubelet-style request: <c>input</c>, <c>output</c>, <c>error</c>, <c>tty</c> set to 1.
    /// A terminal merges stderr into stdout, so stderr is dropped with tty as the kubelet does.
    /// </summary>
    public static StreamOptions FromKubeletQuery(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tty = query["tty"].ToString() == "1";
        return new StreamOptions(query["input"].ToString() == "1", query["output"].ToString() == "1", !tty && query["error"].ToString() == "1", tty);
    }

    /// <summary>The stream types a client opens for these options, in the order it opens them (error first).</summary>
    public IReadOnlyList<string> StreamTypes(string protocol)
    {
        var types = new List<string> { StreamProtocols.StreamTypeError };
        if (Stdin)
        {
            types.Add(StreamProtocols.StreamTypeStdin);
        }

        if (Stdout)
        {
            types.Add(StreamProtocols.StreamTypeStdout);
        }

        if (Stderr && !Tty)
        {
            types.Add(StreamProtocols.StreamTypeStderr);
        }

        if (Tty && protocol is StreamProtocols.V3 or StreamProtocols.V4 or StreamProtocols.V5)
        {
            types.Add(StreamProtocols.StreamTypeResize);
        }

        return types;
    }
}
