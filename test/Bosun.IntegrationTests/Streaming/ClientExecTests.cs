using k8s;

namespace Bosun.IntegrationTests.Streaming;

/// <summary>The official C# client's exec: WebSocket v4.channel.k8s.io, translated by the API server to SPDY.</summary>
public sealed class ClientExecTests(StreamingFixture fixture) : IClassFixture<StreamingFixture>
{
    [Fact]
    public async Task Exec_V4WebSocket_StdoutAndZeroExitCode()
    {
        var output = "";

        var code = await fixture.Client.NamespacedPodExecAsync("p", fixture.Namespace, "c", ["echo", "from", "csharp"], false, async (_, stdout, _) =>
        {
            using var reader = new StreamReader(stdout);
            output = await reader.ReadToEndAsync();
        }, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal("from csharp\n", output);
    }

    [Fact]
    public async Task Exec_V4WebSocket_NonZeroExitCodeIsReturned()
    {
        var code = await fixture.Client.NamespacedPodExecAsync("p", fixture.Namespace, "c", ["sh", "-c", "exit 7"], false, (_, _, _) => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(7, code);
    }
}
