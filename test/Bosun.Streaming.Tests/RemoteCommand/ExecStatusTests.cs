using System.Text;
using System.Text.Json.Nodes;
using Bosun.Streaming.RemoteCommand;

namespace Bosun.Streaming.Tests.RemoteCommand;

public sealed class ExecStatusTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(137)]
    public void ForExitCode_ReadsBackTheCode(int code)
    {
        Assert.Equal(code, ExecStatus.ExitCodeOf(ExecStatus.ForExitCode(code)));
    }

    [Fact]
    public void ForExitCode_NonZero_IsTheStatusKubectlParses()
    {
        var status = JsonNode.Parse(ExecStatus.ForExitCode(3))!;

        Assert.Equal("Failure", status["status"]!.GetValue<string>());
        Assert.Equal("NonZeroExitCode", status["reason"]!.GetValue<string>());
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("ExitCode", cause["reason"]!.GetValue<string>());
        Assert.Equal("3", cause["message"]!.GetValue<string>());
    }

    [Fact]
    public void ExitCodeOf_OtherFailureOrText_IsNull()
    {
        Assert.Null(ExecStatus.ExitCodeOf(ExecStatus.ForError("no such container")));
        Assert.Null(ExecStatus.ExitCodeOf(Encoding.UTF8.GetBytes("plain text error")));
        Assert.Equal(0, ExecStatus.ExitCodeOf([]));
    }

    [Fact]
    public void StreamTypes_TtyDropsStderrAndAddsResizeFromV3()
    {
        var options = new StreamOptions(Stdin: true, Stdout: true, Stderr: true, Tty: true);

        Assert.Equal(["error", "stdin", "stdout", "resize"], options.StreamTypes(StreamProtocols.V4));
        Assert.Equal(["error", "stdin", "stdout"], options.StreamTypes(StreamProtocols.V2));
        Assert.Equal(["error", "stdout", "stderr"], new StreamOptions(false, true, true, false).StreamTypes(StreamProtocols.V4));
    }
}
