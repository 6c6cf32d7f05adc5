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

    /// <summary>
    /// The field manager of the write (the <c>fieldManager</c> parameter or the user agent's product);
    /// null for the server's own writes, which leave managedFields as they are.
    /// </summary>
    public string? FieldManager { get; init; }

    /// <summary>
    /// True for a server-side apply: the update function already set managedFields, and a missing
    /// object is created whatever the kind's create-on-update rule.
    /// </summary>
    public bool Applying { get; init; }

    /// <summary>
    /// The subresource the client wrote through when the registry writes the main object for it
    /// (<c>scale</c>), so managedFields name it as kube-apiserver does; null otherwise.
    /// </summary>
    public string? ManagerSubresource { get; init; }
}
