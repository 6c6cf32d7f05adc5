using Bosun.ApiServer.Authentication;

namespace Bosun.ApiServer.Registry;

/// <summary>Per-request settings of a write.</summary>
/// <param name="User">The caller (admission sees it).</param>
/// <param name="DryRun">dryRun=All: run everything, store nothing.</param>
/// <param name="FieldValidation">Strict, Warn or Ignore (unknown and duplicate fields).</param>
public sealed record WriteContext(UserInfo User, bool DryRun, string FieldValidation)
{
    /// <summary>Warnings to return in <c>Warning</c> headers.</summary>
    public List<string> Warnings { get; } = [];
}
