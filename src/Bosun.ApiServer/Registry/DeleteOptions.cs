namespace Bosun.ApiServer.Registry;

/// <summary>The parts of metav1.DeleteOptions the registry acts on.</summary>
/// <param name="GracePeriodSeconds">Requested grace period; null for the kind's default.</param>
/// <param name="PropagationPolicy">Orphan, Background or Foreground; null for the kind's default.</param>
/// <param name="PreconditionUid">Delete only if the object still has this uid.</param>
/// <param name="PreconditionResourceVersion">Delete only if the object is still at this resourceVersion.</param>
public sealed record DeleteOptions(long? GracePeriodSeconds, string? PropagationPolicy, string? PreconditionUid, string? PreconditionResourceVersion)
{
    public static readonly DeleteOptions None = new(null, null, null, null);
}
