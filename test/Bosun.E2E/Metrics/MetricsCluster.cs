using System.Text.Json.Nodes;
using Bosun.ApiServer;
using Bosun.ApiServer.Hosting;
using Bosun.E2E.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.E2E.Metrics;

/// <summary>
/// An in-process API server with two Ready nodes: <c>metrics-node</c>, whose "agent" is a <see cref="FakeAgent"/>
/// answering canned statistics, and <c>metrics-sim</c>, labelled simulated (no agent to ask); pods <c>web</c> (two
/// containers) and <c>db</c> run on the first, <c>idle</c> has figures nowhere.
/// </summary>
public sealed class MetricsCluster : IAsyncLifetime
{
    public const string Node = "metrics-node";
    public const string SimulatedNode = "metrics-sim";
    public const string Namespace = "metrics";

    private readonly TempDirectory _dataDir = new();
    private ApiServerHost? _host;
    private Kubernetes? Client { get; set; }

    public FakeAgent Agent { get; private set; } = null!;

    public string KubeconfigPath => _host!.KubeconfigPath;

    public Kubectl KubectlFor(string version) => Kubectl.For(version, KubeconfigPath, Path.Combine(_dataDir.Path, "kubectl-cache", version));

    public async Task InitializeAsync()
    {
        _host = ApiServerHost.Create(new ApiServerOptions { DataDir = _dataDir.Path, HttpsPort = 0 }, _ => { });
        await _host.StartAsync();
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));
        Agent = await FakeAgent.StartAsync(_host.Certificates.IssueNodeCredentials(Node, ["127.0.0.1"]));

        await CreateNodeAsync(Node, Agent.Port, new Dictionary<string, string> { ["tier"] = "metered" });
        await CreateNodeAsync(SimulatedNode, 1, new Dictionary<string, string> { ["node.bosun.dev/simulated"] = "true" });
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        var web = await CreatePodAsync("web", "web", Node, "app", "sidecar");
        var db = await CreatePodAsync("db", "db", Node, "postgres");
        await CreatePodAsync("idle", "idle", SimulatedNode, "app");

        // 250m of 2 cores (12%), 1Gi of 4Gi (25%); web = 5m+2m, 10Mi+3Mi; db = 1m, 20Mi.
        Agent.Summary = new JsonObject
        {
            ["node"] = Usage(250_000_000, 1L << 30),
            ["pods"] = new JsonArray(
                Pod(web, ("app", 5_000_000, 10L << 20), ("sidecar", 2_000_000, 3L << 20)),
                Pod(db, ("postgres", 1_000_000, 20L << 20)),
                // A pod the API does not know (deleted since): never reported.
                new JsonObject { ["podRef"] = new JsonObject { ["name"] = "gone", ["namespace"] = Namespace, ["uid"] = "x" }, ["containers"] = new JsonArray(Container("c", 1, 1)) }),
        }.ToJsonString();
    }

    private async Task CreateNodeAsync(string name, int port, Dictionary<string, string> labels)
    {
        await Client!.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name, Labels = labels } });
        var resources = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("4Gi"), ["pods"] = new("110") };
        var status = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name },
            Status = new V1NodeStatus
            {
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "127.0.0.1" }],
                DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = port } },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", LastHeartbeatTime = DateTime.UtcNow, LastTransitionTime = DateTime.UtcNow }],
                Capacity = resources,
                Allocatable = resources,
            },
        };
        await Client.CoreV1.PatchNodeStatusAsync(new V1Patch(KubernetesJson.Serialize(status), V1Patch.PatchType.MergePatch), name);
    }

    private async Task<V1Pod> CreatePodAsync(string name, string app, string node, params string[] containers) =>
        await Client!.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
                Spec = new V1PodSpec { NodeName = node, Containers = [.. containers.Select(c => new V1Container { Name = c, Image = "bosun.local/busybox:1.36" })] },
            },
            Namespace);

    private static JsonObject Pod(V1Pod pod, params (string Name, long NanoCores, long Bytes)[] containers) => new()
    {
        ["podRef"] = new JsonObject { ["name"] = pod.Metadata.Name, ["namespace"] = pod.Metadata.NamespaceProperty, ["uid"] = pod.Metadata.Uid },
        ["containers"] = new JsonArray([.. containers.Select(c => (JsonNode)Container(c.Name, c.NanoCores, c.Bytes))]),
    };

    private static JsonObject Container(string name, long nanoCores, long bytes)
    {
        var usage = Usage(nanoCores, bytes);
        usage["name"] = name;
        return usage;
    }

    private static JsonObject Usage(long nanoCores, long bytes) => new()
    {
        ["cpu"] = new JsonObject { ["time"] = "2026-01-02T03:04:05Z", ["usageNanoCores"] = nanoCores, ["usageCoreNanoSeconds"] = nanoCores * 100, ["windowSeconds"] = 10.5 },
        ["memory"] = new JsonObject { ["time"] = "2026-01-02T03:04:05Z", ["workingSetBytes"] = bytes },
    };

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _dataDir.Delete();
    }
}
