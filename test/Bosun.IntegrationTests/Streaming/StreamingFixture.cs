using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests.Streaming;

/// <summary>
/// A real API server, a fake kubelet registered as node <see cref="NodeName"/> (InternalIP 127.0.0.1, kubelet port
/// the fake's), and pods: <c>p</c> (container c) and <c>web</c> (init setup, containers a and b) on that node,
/// <c>slow</c> (container waiting, whose logs the kubelet refuses), <c>pending</c> on no node, <c>stray</c> on a node without addresses, <c>orphan</c> on a node that does not exist,
/// <c>misnamed</c> on a node whose address the kubelet's certificate does not name.
/// </summary>
public sealed class StreamingFixture : IAsyncLifetime
{
    public const string NodeName = "stream-node";

    private readonly ServerFixture _server = new();
    private FakeKubelet? _kubelet;

    public Kubernetes Client => _server.Client;

    public string Kubeconfig => _server.Host.KubeconfigPath;

    public string Namespace { get; private set; } = "";

    internal FakeKubelet Kubelet => _kubelet!;

    public Bosun.ApiServer.Hosting.ApiServerHost Host => _server.Host;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _kubelet = await FakeKubelet.StartAsync(_server.Host.Certificates, NodeName);
        await NodeAsync(NodeName, [new V1NodeAddress { Address = "127.0.0.1", Type = "InternalIP" }, new V1NodeAddress { Address = NodeName, Type = "Hostname" }], _kubelet.Port);
        await NodeAsync("bare-node", [], null);
        // The fake's certificate names 127.0.0.1 and stream-node, not localhost: the API server must refuse it.
        await NodeAsync("misnamed-node", [new V1NodeAddress { Address = "localhost", Type = "Hostname" }], _kubelet.Port);
        Namespace = await _server.CreateNamespaceAsync("stream");
        await PodAsync("p", NodeName, [], ["c"]);
        await PodAsync("web", NodeName, ["setup"], ["a", "b"]);
        await PodAsync("slow", NodeName, [], ["waiting"]);
        await PodAsync("pending", null, [], ["c"]);
        await PodAsync("stray", "bare-node", [], ["c"]);
        await PodAsync("orphan", "no-such-node", [], ["c"]);
        await PodAsync("misnamed", "misnamed-node", [], ["c"]);
    }

    public async Task DisposeAsync()
    {
        if (_kubelet is not null)
        {
            await _kubelet.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    private async Task NodeAsync(string name, IList<V1NodeAddress> addresses, int? port)
    {
        await Client.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name } });
        var status = new V1NodeStatus
        {
            Addresses = addresses,
            DaemonEndpoints = port is { } p ? new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = p } } : null,
        };
        await Client.PatchNodeStatusAsync(new V1Patch(new { status }, V1Patch.PatchType.MergePatch), name);
    }

    private async Task PodAsync(string name, string? node, string[] init, string[] containers)
    {
        await Client.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec
            {
                NodeName = node,
                InitContainers = init.Select(c => new V1Container { Name = c, Image = "busybox" }).ToList(),
                Containers = containers.Select(c => new V1Container { Name = c, Image = "busybox" }).ToList(),
            },
        }, Namespace);
        if (node is not null)
        {
            // kubectl port-forward and attach refuse pods that are not Running; no agent runs these, so say it here.
            await Client.PatchNamespacedPodStatusAsync(new V1Patch(new { status = new { phase = "Running" } }, V1Patch.PatchType.MergePatch), name, Namespace);
        }
    }
}
