using Bosun.Controllers.Tests.Infrastructure;
using k8s;

namespace Bosun.Controllers.Tests;

public sealed class ServiceAccountControllerTests(ControlPlaneFixture fx) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task CreateNamespace_New_DefaultServiceAccountAppears()
    {
        var ns = await fx.CreateNamespaceAsync("sa");

        await Eventually.TrueAsync(
            async () => await Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns)) is not null,
            "default ServiceAccount");
    }

    [Fact]
    public async Task DeleteServiceAccount_Default_IsCreatedAgain()
    {
        var ns = await fx.CreateNamespaceAsync("sa-again");
        await Eventually.TrueAsync(
            async () => await Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns)) is not null,
            "default ServiceAccount");
        var first = await fx.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns);

        await fx.Client.CoreV1.DeleteNamespacedServiceAccountAsync("default", ns);

        await Eventually.TrueAsync(
            async () => await Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns)) is { } sa && sa.Metadata.Uid != first.Metadata.Uid,
            "a new default ServiceAccount");
    }
}
