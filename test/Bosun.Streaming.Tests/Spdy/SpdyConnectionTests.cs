using System.Text;
using Bosun.Streaming.Spdy;

namespace Bosun.Streaming.Tests.Spdy;

public sealed class SpdyConnectionTests
{
    [Fact]
    public async Task OpenStream_ServerReplies_DataFlowsBothWaysAndFinReadsAsEnd()
    {
        using var pair = await LoopbackPair.CreateAsync();
        await using var client = SpdyConnection.CreateClient(pair.Client);
        await using var server = SpdyConnection.CreateServer(pair.Server);

        var opening = client.OpenStreamAsync(SpdyHeaders.Of(("streamtype", "stdin")), CancellationToken.None);
        var accepted = await server.AcceptStreamAsync(CancellationToken.None);
        Assert.NotNull(accepted);
        Assert.Equal("stdin", accepted.Headers.Get("streamType"));
        Assert.Equal(1u, accepted.Id);
        await accepted.ReplyAsync();
        var opened = await opening;

        await opened.WriteAsync("hello"u8.ToArray());
        await opened.CloseWriteAsync();
        Assert.Equal("hello", await ReadToEndAsync(accepted));

        await accepted.WriteAsync("back"u8.ToArray());
        await accepted.CloseWriteAsync();
        Assert.Equal("back", await ReadToEndAsync(opened));
    }

    [Fact]
    public async Task OpenStream_Twice_UsesRisingOddIds()
    {
        using var pair = await LoopbackPair.CreateAsync();
        await using var client = SpdyConnection.CreateClient(pair.Client);
        await using var server = SpdyConnection.CreateServer(pair.Server);

        var ids = new List<uint>();
        for (var i = 0; i < 2; i++)
        {
            var opening = client.OpenStreamAsync(SpdyHeaders.Of(("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))), CancellationToken.None);
            var accepted = (await server.AcceptStreamAsync(CancellationToken.None))!;
            await accepted.ReplyAsync();
            ids.Add((await opening).Id);
        }

        Assert.Equal([1u, 3u], ids);
    }

    [Fact]
    public async Task OpenStream_PeerResets_Throws()
    {
        using var pair = await LoopbackPair.CreateAsync();
        await using var client = SpdyConnection.CreateClient(pair.Client);
        await using var server = SpdyConnection.CreateServer(pair.Server);

        var opening = client.OpenStreamAsync(SpdyHeaders.Of(("streamtype", "bogus")), CancellationToken.None);
        var accepted = (await server.AcceptStreamAsync(CancellationToken.None))!;
        await accepted.ResetAsync();

        await Assert.ThrowsAsync<SpdyProtocolException>(() => opening);
    }

    [Fact]
    public async Task Ping_IsEchoedByThePeer()
    {
        using var pair = await LoopbackPair.CreateAsync();
        await using var client = SpdyConnection.CreateClient(pair.Client);
        await using var server = SpdyConnection.CreateServer(pair.Server);

        await client.PingAsync(CancellationToken.None);
        await server.PingAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Close_PeerSeesEndOfItsStreamsAndNoMoreStreams()
    {
        using var pair = await LoopbackPair.CreateAsync();
        var client = SpdyConnection.CreateClient(pair.Client);
        await using var server = SpdyConnection.CreateServer(pair.Server);
        var opening = client.OpenStreamAsync(SpdyHeaders.Of(("streamtype", "stdout")), CancellationToken.None);
        var accepted = (await server.AcceptStreamAsync(CancellationToken.None))!;
        await accepted.ReplyAsync();
        await opening;

        await client.DisposeAsync();

        Assert.Equal("", await ReadToEndAsync(accepted));
        Assert.Null(await server.AcceptStreamAsync(CancellationToken.None));
        await server.Completion;
    }

    [Fact]
    public async Task Write_LargerThanOneFrame_ArrivesWhole()
    {
        using var pair = await LoopbackPair.CreateAsync();
        await using var client = SpdyConnection.CreateClient(pair.Client);
        await using var server = SpdyConnection.CreateServer(pair.Server);
        var opening = client.OpenStreamAsync(SpdyHeaders.Of(("streamtype", "stdin")), CancellationToken.None);
        var accepted = (await server.AcceptStreamAsync(CancellationToken.None))!;
        await accepted.ReplyAsync();
        var opened = await opening;
        var payload = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();

        var reading = Task.Run(async () =>
        {
            using var all = new MemoryStream();
            await accepted.CopyToAsync(all);
            return all.ToArray();
        });
        await opened.WriteAsync(payload);
        await opened.CloseWriteAsync();

        Assert.Equal(payload, await reading);
    }

    private static async Task<string> ReadToEndAsync(Stream stream)
    {
        using var all = new MemoryStream();
        await stream.CopyToAsync(all);
        return Encoding.UTF8.GetString(all.ToArray());
    }
}
