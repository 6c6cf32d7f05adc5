namespace Bosun.ApiServer.Admission;

/// <summary>Runs the mutating plugins, then (after the strategy's validation) the validating ones.</summary>
public sealed class AdmissionChain(IEnumerable<IAdmissionPlugin> plugins)
{
    private readonly IAdmissionPlugin[] _mutating = [.. plugins.Where(p => p.Mutates)];
    private readonly IAdmissionPlugin[] _validating = [.. plugins.Where(p => !p.Mutates)];

    public async ValueTask MutateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        foreach (var plugin in _mutating)
        {
            await plugin.AdmitAsync(request, cancellationToken);
        }
    }

    public async ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        foreach (var plugin in _validating)
        {
            await plugin.AdmitAsync(request, cancellationToken);
        }
    }
}
