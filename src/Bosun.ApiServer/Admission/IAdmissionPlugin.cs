namespace Bosun.ApiServer.Admission;

/// <summary>
/// One admission plugin. Mutating plugins change <see cref="AdmissionRequest.NewObject"/> before the strategy's
/// validation; validating plugins only look. Either rejects by throwing an <c>ApiException</c>.
/// </summary>
public interface IAdmissionPlugin
{
    /// <summary>True for plugins that may change the object (they run first).</summary>
    bool Mutates { get; }

    ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken);
}
