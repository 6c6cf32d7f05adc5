namespace Bosun.Testing;

/// <summary>What a command-line tool run by <see cref="Tools.RunAsync"/> did.</summary>
public sealed record ToolResult(string Command, int ExitCode, string Output, string Error)
{
    /// <summary>Throws with the command and its output unless it exited 0; returns this for chaining.</summary>
    public ToolResult EnsureSuccess() => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"`{Command}` exited {ExitCode}\nstdout: {Output.Trim()}\nstderr: {Error.Trim()}");
}
