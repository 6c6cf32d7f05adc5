using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>kubectl get -w left running while other kubectl commands write.</summary>
public sealed class WatchTests(BosunServer server) : IClassFixture<BosunServer>
{
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetWatch_ObjectCreatedAndDeleted_WatcherPrintsEachChange(string version)
    {
        var kubectl = Kubectl.For(version, server);
        var ns = Names.For("watch", version);
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.Namespace(ns)));
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap("first", ns)));

        using var watcher = kubectl.StartBackground("get", "configmaps", "-n", ns, "-w", "--output-watch-events");
        await watcher.WaitForOutputAsync("first", WatchTimeout);

        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap("second", ns)));
        await watcher.WaitForOutputAsync("second", WatchTimeout);
        Assert.Contains(watcher.Stdout.Split('\n'), l => l.StartsWith("ADDED", StringComparison.Ordinal) && l.Contains("second", StringComparison.Ordinal));

        await kubectl.SucceedAsync("delete", "configmap", "second", "-n", ns);
        await watcher.WaitForOutputAsync("DELETED", WatchTimeout);
        Assert.Contains(watcher.Stdout.Split('\n'), l => l.StartsWith("DELETED", StringComparison.Ordinal) && l.Contains("second", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetWatch_LabelChanged_WatcherPrintsTableRowWithNewValue(string version)
    {
        var kubectl = Kubectl.For(version, server);
        var name = Names.For("watched", version);
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap(name)));

        using var watcher = kubectl.StartBackground("get", "configmap", name, "-w", "-L", "color");
        await watcher.WaitForOutputAsync(name, WatchTimeout);

        await kubectl.SucceedAsync("label", "configmap", name, "color=blue");
        await watcher.WaitForOutputAsync("blue", WatchTimeout);
    }
}
