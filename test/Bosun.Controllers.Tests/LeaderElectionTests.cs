using Bosun.Controllers.Tests.Infrastructure;
using k8s;

namespace Bosun.Controllers.Tests;

public sealed class LeaderElectionTests(ControlPlaneFixture fx) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task TwoManagers_FirstStops_SecondTakesOver()
    {
        await Eventually.TrueAsync(() => Task.FromResult(fx.Manager.IsLeader), "the fixture's manager leads");
        await using var second = fx.NewManager("second");
        second.Start();

        // Several retry periods: the lease is held and renewed, so the second must stay a candidate.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.True(fx.Manager.IsLeader);
        Assert.False(second.IsLeader);
        var lease = await fx.Client.CoordinationV1.ReadNamespacedLeaseAsync("kube-controller-manager", "kube-system");
        Assert.Equal(fx.Manager.Identity, lease.Spec.HolderIdentity);

        await fx.Manager.DisposeAsync();

        await Eventually.TrueAsync(() => Task.FromResult(second.IsLeader), "the second manager leads");
        lease = await fx.Client.CoordinationV1.ReadNamespacedLeaseAsync("kube-controller-manager", "kube-system");
        Assert.Equal("second", lease.Spec.HolderIdentity);
        Assert.True(lease.Spec.LeaseTransitions >= 1);

        // The new leader runs the controllers: a new namespace gets its default ServiceAccount.
        var ns = await fx.CreateNamespaceAsync("after");
        await Eventually.TrueAsync(
            async () => await Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns)) is not null,
            "default ServiceAccount from the new leader");
    }
}
