namespace Bosun.Node.Images;

/// <summary>The outcome of one <c>ctr</c> invocation.</summary>
internal sealed record CtrResult(int ExitCode, string Output, string Error);
