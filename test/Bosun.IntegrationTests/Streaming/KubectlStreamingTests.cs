using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Bosun.IntegrationTests.Infrastructure;

namespace Bosun.IntegrationTests.Streaming;

/// <summary>
/// Real kubectl through the API server to a fake kubelet: 1.27 speaks SPDY for exec and port-forward, 1.33 speaks
/// WebSocket v5 for exec (translated to SPDY) and WebSocket-tunnelled SPDY for port-forward.
/// </summary>
public sealed partial class KubectlStreamingTests(StreamingFixture fixture) : IClassFixture<StreamingFixture>
{
    public static TheoryData<string> Versions => new() { "1.27", "1.33" };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Exec_CommandExitsNonZero_KubectlExitsWithTheCode(string version)
    {
        var (code, _, stderr) = await KubectlAsync(version, "exec", "p", "--", "sh", "-c", "exit 3");

        Assert.True(code == 3, $"exit {code}: {stderr}");
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Exec_Succeeds_StdoutArrivesAndExitIsZero(string version)
    {
        var (code, stdout, stderr) = await KubectlAsync(version, "exec", "p", "--", "echo", "hello", "world");

        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Equal("hello world\n", stdout);
        Assert.Contains("command=echo&command=hello&command=world", fixture.Kubelet.Requests.Last(r => r.StartsWith("/exec/", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Exec_Stderr_ArrivesOnStderr(string version)
    {
        var (code, stdout, stderr) = await KubectlAsync(version, "exec", "p", "--", "err", "oops");

        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        Assert.Contains("oops", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Exec_StdinPiped_ComesBackThroughCat(string version)
    {
        var (code, stdout, stderr) = await KubectlWithStdinAsync(version, "piped line 1\nline 2\n", "exec", "-i", "p", "--", "cat");

        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Equal("piped line 1\nline 2\n", stdout);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Attach_WithStdin_EchoesIt(string version)
    {
        var (code, stdout, stderr) = await KubectlWithStdinAsync(version, "attached\n", "attach", "-i", "p");

        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("attached", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Logs_WithOptions_ReachTheKubeletAsItsQuery(string version)
    {
        var (code, stdout, stderr) = await KubectlAsync(version, "logs", "web", "-c", "b", "--tail=5", "--timestamps");

        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("log of b", stdout, StringComparison.Ordinal);
        Assert.Contains("query: ?timestamps=true&tailLines=5", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Logs_Follow_FirstLinesArriveWhileKubectlKeepsRunning(string version)
    {
        using var logs = KubectlProcess.Start(version, fixture.Kubeconfig, $"--namespace={fixture.Namespace}", "logs", "-f", "p");

        Assert.Equal("log of c", await logs.ReadLineAsync());
        Assert.Equal("query: ?follow=true", await logs.ReadLineAsync());
        Assert.Equal("line 1", await logs.ReadLineAsync());
        Assert.False(logs.HasExited, logs.Stderr);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task PortForward_TcpRoundTripThroughTheKubelet(string version)
    {
        using var forward = KubectlProcess.Start(version, fixture.Kubeconfig, $"--namespace={fixture.Namespace}", "port-forward", "pod/p", ":80");
        var line = await forward.ReadLineAsync();
        var match = ForwardingLine().Match(line ?? "");
        Assert.True(match.Success, $"unexpected output {line}; stderr: {forward.Stderr}");
        var port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        for (var round = 0; round < 2; round++)
        {
            using var tcp = new TcpClient();
            try
            {
                await tcp.ConnectAsync("127.0.0.1", port);
            }
            catch (SocketException e)
            {
                Assert.Fail($"{e.Message}; kubectl stderr: {forward.Stderr}");
            }

            var stream = tcp.GetStream();
            var message = Encoding.ASCII.GetBytes($"ping {round}\n");
            await stream.WriteAsync(message);
            var echoed = new byte[message.Length];
            await stream.ReadExactlyAsync(echoed);
            Assert.Equal(message, echoed);
        }

        Assert.Contains(fixture.Kubelet.Requests, r => r.StartsWith($"/portForward/{fixture.Namespace}/p", StringComparison.Ordinal));
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> KubectlAsync(string version, params string[] args) =>
        KubectlProcess.RunAsync(version, fixture.Kubeconfig, [$"--namespace={fixture.Namespace}", .. args]);

    private Task<(int ExitCode, string Stdout, string Stderr)> KubectlWithStdinAsync(string version, string stdin, params string[] args) =>
        KubectlProcess.RunAsync(version, fixture.Kubeconfig, [$"--namespace={fixture.Namespace}", .. args], stdin);

    [GeneratedRegex(@"Forwarding from 127\.0\.0\.1:(\d+) -> 80")]
    private static partial Regex ForwardingLine();
}
