using System.Text;
using Bosun.Node.Logs;

namespace Bosun.Node.Tests.Logs;

public sealed class ContainerLogStreamerTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public ContainerLogStreamerTests()
    {
        File.WriteAllText(_path, string.Join('\n',
        [
            "2026-11-28T12:00:00.000000001Z stdout F one",
            "2026-11-28T12:00:01.000000002Z stderr F two",
            "2026-11-28T12:00:02.000000003Z stdout P thr",
            "2026-11-28T12:00:02.000000004Z stdout F ee",
            "2026-11-28T12:00:03.000000005Z stdout F four",
        ]) + "\n");
    }

    public void Dispose() => File.Delete(_path);

    private async Task<string> ReadAsync(LogOptions options)
    {
        using var output = new MemoryStream();
        await ContainerLogStreamer.StreamAsync(_path, options, output, () => Task.FromResult(false), CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public async Task Stream_WholeLog_JoinsPartialLines() =>
        Assert.Equal("one\ntwo\nthree\nfour\n", await ReadAsync(new LogOptions()));

    [Fact]
    public async Task Stream_Tail_LastLinesWithPartialsKeptWhole() =>
        Assert.Equal("three\nfour\n", await ReadAsync(new LogOptions { TailLines = 2 }));

    [Fact]
    public async Task Stream_TailZero_Nothing() =>
        Assert.Equal("", await ReadAsync(new LogOptions { TailLines = 0 }));

    [Fact]
    public async Task Stream_Timestamps_RuntimeTimestampsAsWritten() =>
        Assert.Equal("2026-11-28T12:00:03.000000005Z four\n", await ReadAsync(new LogOptions { TailLines = 1, Timestamps = true }));

    [Fact]
    public async Task Stream_Since_SkipsOlderLines() =>
        Assert.Equal("four\n", await ReadAsync(new LogOptions { Since = new DateTime(2026, 11, 28, 12, 0, 2, 500, DateTimeKind.Utc) }));

    [Fact]
    public async Task Stream_LimitBytes_CutsMidLine() =>
        Assert.Equal("one\ntw", await ReadAsync(new LogOptions { LimitBytes = 6 }));

    [Fact]
    public async Task Stream_Follow_WritesLinesAppendedWhileRunning()
    {
        var running = true;
        using var output = new MemoryStream();
        var streaming = ContainerLogStreamer.StreamAsync(_path, new LogOptions { Follow = true, TailLines = 1 }, output, () => Task.FromResult(Volatile.Read(ref running)), CancellationToken.None);
        await Task.Delay(300);
        await File.AppendAllTextAsync(_path, "2026-11-28T12:00:04.000000006Z stdout F five\n");
        await Task.Delay(300);
        Volatile.Write(ref running, false);
        await streaming.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("four\nfive\n", Encoding.UTF8.GetString(output.ToArray()));
    }
}
