using Bosun.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.Tests;

public sealed class NamespaceControllerTests(ControlPlaneFixture fx) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task DeleteNamespace_WithConfigMapsSecretsAndPods_NamespaceDisappears()
    {
        var ns = await fx.CreateNamespaceAsync("del");
        var client = fx.Client;
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c2" } }, ns);
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s1" } }, ns);
        await client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), ns);

        await client.CoreV1.DeleteNamespaceAsync(ns);

        await Eventually.GoneAsync(() => Reads.OrNullAsync(() => client.CoreV1.ReadNamespaceAsync(ns)), $"namespace {ns} removed");
        Assert.Empty((await client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items);
        Assert.Empty((await client.CoreV1.ListNamespacedSecretAsync(ns)).Items);
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(ns)).Items);
    }

    [Fact]
    public async Task DeleteNamespace_ObjectWithFinalizer_TerminatingWithFinalizersRemainingUntilFinalizerRemoved()
    {
        var ns = await fx.CreateNamespaceAsync("held");
        var client = fx.Client;
        await client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] } }, ns);
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s1" } }, ns);

        await client.CoreV1.DeleteNamespaceAsync(ns);

        await Eventually.TrueAsync(
            async () => Condition(await client.CoreV1.ReadNamespaceAsync(ns), "NamespaceFinalizersRemaining")?.Status == "True",
            "NamespaceFinalizersRemaining=True");
        var terminating = await client.CoreV1.ReadNamespaceAsync(ns);
        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.Equal("Some finalizers are remaining: example.com/hold in 1 resource instances", Condition(terminating, "NamespaceFinalizersRemaining")!.Message);
        Assert.Equal("SomeFinalizerRemain", Condition(terminating, "NamespaceFinalizersRemaining")!.Reason);
        Assert.Equal("Some resources are remaining: configmaps. has 1 resource instances", Condition(terminating, "NamespaceContentRemaining")!.Message);
        Assert.Equal("False", Condition(terminating, "NamespaceDeletionDiscoveryFailure")!.Status);
        Assert.Empty((await client.CoreV1.ListNamespacedSecretAsync(ns)).Items);

        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "held", ns);

        await Eventually.GoneAsync(() => Reads.OrNullAsync(() => client.CoreV1.ReadNamespaceAsync(ns)), $"namespace {ns} removed");
    }

    private static V1NamespaceCondition? Condition(V1Namespace ns, string type) =>
        ns.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    internal static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
    };
}
