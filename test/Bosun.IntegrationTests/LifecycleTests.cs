using System.Net;
using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

public sealed class LifecycleTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Kubernetes Client => server.Client;

    private async Task BindAsync(string pod, string ns, string node) =>
        await Client.CreateNamespacedPodBindingAsync(
            new V1Binding
            {
                Metadata = new V1ObjectMeta { Name = pod },
                Target = new V1ObjectReference { Kind = "Node", Name = node, ApiVersion = "v1" },
            },
            pod,
            ns);

    [Fact]
    public async Task CreateBinding_UnboundPod_SetsNodeName()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedPodAsync(Fx.Pod("p"), ns);
        await BindAsync("p", ns, "node-a");
        Assert.Equal("node-a", (await Client.ReadNamespacedPodAsync("p", ns)).Spec.NodeName);

        var (code, _) = await Fx.ErrorAsync(() => BindAsync("p", ns, "node-b"));
        Assert.Equal(HttpStatusCode.Conflict, code);
    }

    [Fact]
    public async Task Delete_BoundPod_SetsDeletionTimestampAndKeepsPod()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedPodAsync(Fx.Pod("bound"), ns);
        await BindAsync("bound", ns, "node-a");
        await Client.DeleteNamespacedPodAsync("bound", ns);

        var pod = await Client.ReadNamespacedPodAsync("bound", ns);
        Assert.NotNull(pod.Metadata.DeletionTimestamp);
        Assert.Equal(30, pod.Metadata.DeletionGracePeriodSeconds);

        await Client.DeleteNamespacedPodAsync("bound", ns, gracePeriodSeconds: 0);
        var (code, _) = await Fx.ErrorAsync(() => Client.ReadNamespacedPodAsync("bound", ns));
        Assert.Equal(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task Delete_UnboundPod_RemovesAtOnce()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedPodAsync(Fx.Pod("free"), ns);
        await Client.DeleteNamespacedPodAsync("free", ns);
        var (code, _) = await Fx.ErrorAsync(() => Client.ReadNamespacedPodAsync("free", ns));
        Assert.Equal(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task Create_MissingNamespace_Returns404NamespaceNotFound()
    {
        var (code, status) = await Fx.ErrorAsync(() => Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("x"), "no-such-ns"));
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("namespaces \"no-such-ns\" not found", status?.Message);
    }

    [Fact]
    public async Task DeleteNamespace_WithObjects_TerminatingAndRejectsCreates()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("keep"), ns);
        await Client.DeleteNamespaceAsync(ns);

        var terminating = await Client.ReadNamespaceAsync(ns);
        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);

        var (code, status) = await Fx.ErrorAsync(() => Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("new"), ns));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("Forbidden", status?.Reason);
        Assert.Contains("terminat", status?.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ListNamespaces_FreshServer_HasDefaultNamespaces()
    {
        var names = (await Client.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "default", "kube-system", "kube-public", "kube-node-lease" }, names);
        var def = await Client.ReadNamespaceAsync("default");
        Assert.Equal("Active", def.Status.Phase);
    }

    [Fact]
    public async Task Delete_ObjectWithFinalizer_SurvivesUntilFinalizerRemoved()
    {
        var ns = await server.CreateNamespaceAsync();
        var cm = Fx.ConfigMap("fin");
        cm.Metadata.Finalizers = ["example.com/hold"];
        await Client.CreateNamespacedConfigMapAsync(cm, ns);
        await Client.DeleteNamespacedConfigMapAsync("fin", ns);

        var held = await Client.ReadNamespacedConfigMapAsync("fin", ns);
        Assert.NotNull(held.Metadata.DeletionTimestamp);
        Assert.Equal(["example.com/hold"], held.Metadata.Finalizers);

        await Client.PatchNamespacedConfigMapAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), "fin", ns);
        var (code, _) = await Fx.ErrorAsync(() => Client.ReadNamespacedConfigMapAsync("fin", ns));
        Assert.Equal(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task Delete_ObjectWithFinalizer_WatchSeesModifiedThenDeleted()
    {
        var ns = await server.CreateNamespaceAsync();
        var cm = Fx.ConfigMap("finw");
        cm.Metadata.Finalizers = ["example.com/hold"];
        var created = await Client.CreateNamespacedConfigMapAsync(cm, ns);
        await using var watch = new WatchSession<V1ConfigMap, V1ConfigMapList>(ct => Client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(
            ns, watch: true, resourceVersion: created.Metadata.ResourceVersion, cancellationToken: ct));
        await Client.DeleteNamespacedConfigMapAsync("finw", ns);
        var marked = await watch.NextAsync();
        Assert.Equal(WatchEventType.Modified, marked.Type);
        Assert.NotNull(marked.Value!.Metadata.DeletionTimestamp);

        await Client.PatchNamespacedConfigMapAsync(
            new V1Patch("[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]", V1Patch.PatchType.JsonPatch), "finw", ns);
        var gone = await watch.NextAsync();
        Assert.Equal(WatchEventType.Deleted, gone.Type);
    }
}
