using Bosun.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.Tests;

public sealed class GarbageCollectorTests(ControlPlaneFixture fx) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task DeleteOwner_Background_DependentsAreDeleted()
    {
        var ns = await fx.CreateNamespaceAsync("gc-bg");
        var owner = await CreateConfigMapAsync(ns, "owner");
        await CreateConfigMapAsync(ns, "dep", owner);
        await fx.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "dep-secret", OwnerReferences = [Ref(owner)] } }, ns);

        await fx.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, propagationPolicy: "Background");

        await Eventually.GoneAsync(() => Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedConfigMapAsync("dep", ns)), "dependent configmap deleted");
        await Eventually.GoneAsync(() => Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedSecretAsync("dep-secret", ns)), "dependent secret deleted");
    }

    [Fact]
    public async Task CreateDependent_OwnerNeverExisted_DependentIsDeleted()
    {
        var ns = await fx.CreateNamespaceAsync("gc-dangling");
        var ghost = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "ghost", Uid = Guid.NewGuid().ToString() } };

        await CreateConfigMapAsync(ns, "dep", ghost);

        await Eventually.GoneAsync(() => Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedConfigMapAsync("dep", ns)), "dangling dependent deleted");
    }

    [Fact]
    public async Task DeleteOwner_Orphan_DependentsStayWithoutOwnerReference()
    {
        var ns = await fx.CreateNamespaceAsync("gc-orphan");
        var owner = await CreateConfigMapAsync(ns, "owner");
        var other = await CreateConfigMapAsync(ns, "other-owner");
        await CreateConfigMapAsync(ns, "dep", owner, other);

        await fx.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, propagationPolicy: "Orphan");

        await Eventually.GoneAsync(() => Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedConfigMapAsync("owner", ns)), "owner removed");
        var dependent = await fx.Client.CoreV1.ReadNamespacedConfigMapAsync("dep", ns);
        Assert.Equal([other.Metadata.Uid], dependent.Metadata.OwnerReferences.Select(r => r.Uid));
    }

    [Fact]
    public async Task DeleteOwner_Foreground_OwnerStaysUntilBlockingDependentsAreGone()
    {
        var ns = await fx.CreateNamespaceAsync("gc-fg");
        var owner = await CreateConfigMapAsync(ns, "owner");
        var blocking = Ref(owner);
        blocking.BlockOwnerDeletion = true;
        await fx.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dep", OwnerReferences = [blocking], Finalizers = ["example.com/hold"] } }, ns);

        await fx.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, propagationPolicy: "Foreground");

        await Eventually.TrueAsync(
            async () => (await fx.Client.CoreV1.ReadNamespacedConfigMapAsync("dep", ns)).Metadata.DeletionTimestamp is not null,
            "dependent being deleted");
        var waiting = await fx.Client.CoreV1.ReadNamespacedConfigMapAsync("owner", ns);
        Assert.NotNull(waiting.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", waiting.Metadata.Finalizers);

        await fx.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "dep", ns);

        await Eventually.GoneAsync(() => Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedConfigMapAsync("owner", ns)), "owner removed after its dependent");
        Assert.Null(await Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedConfigMapAsync("dep", ns)));
    }

    private async Task<V1ConfigMap> CreateConfigMapAsync(string ns, string name, params V1ConfigMap[] owners) =>
        await fx.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, OwnerReferences = owners.Length == 0 ? null : [.. owners.Select(Ref)] } }, ns);

    private static V1OwnerReference Ref(V1ConfigMap owner) =>
        new() { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid };
}
