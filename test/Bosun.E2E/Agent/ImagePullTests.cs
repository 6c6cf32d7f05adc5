using Bosun.E2E.Infrastructure;

namespace Bosun.E2E.Agent;

/// <summary>Images from a registry (the test's docker-registry over plain HTTP): pulled with imagePullPolicy Always, or reported missing as kubectl users know it.</summary>
[Collection(AgentTestGroup.Name)]
public sealed class ImagePullTests(AgentCluster cluster)
{
    [Fact]
    public async Task PullAlways_FromLocalRegistry_Runs()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-pull");
        await Pods.CreateAsync(cluster, kubectl, ns, $$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: pulled
            spec:
              containers:
              - name: main
                image: {{cluster.RegistryImage}}
                imagePullPolicy: Always
                command: ["sh", "-c", "echo pulled-and-running; exec sleep 3600"]
            """);
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "pulled", TimeSpan.FromSeconds(90));
        Assert.Equal(cluster.RegistryImage, await Pods.FieldAsync(kubectl, ns, "pulled", ".status.containerStatuses[0].image"));
        Assert.Contains("@sha256:", await Pods.FieldAsync(kubectl, ns, "pulled", ".status.containerStatuses[0].imageID"), StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => await kubectl.SucceedAsync("logs", "pulled", "-n", ns) == "pulled-and-running\n", "the pulled image's container logs");

        var reasons = await kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=pulled", "-o", "jsonpath={.items[*].reason}");
        Assert.Contains("Pulling", reasons, StringComparison.Ordinal);
        Assert.Contains("Pulled", reasons, StringComparison.Ordinal);
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    [Fact]
    public async Task MissingImage_ErrImagePullThenImagePullBackOff_WithRuntimeMessage()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-nope");
        var image = $"{cluster.Registry.Host}/nope:1";
        // Watching the (still empty) namespace from before the pod exists sees every status the agent writes.
        using var watch = kubectl.StartBackground("get", "pods", "-n", ns, "-w", "--no-headers", "-o", "custom-columns=REASON:.status.containerStatuses[0].state.waiting.reason,MESSAGE:.status.containerStatuses[0].state.waiting.message");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await kubectl.SucceedAsync("run", "nope", "-n", ns, "--image=" + image);

        await Pods.WaitForAsync(cluster, kubectl, ns, "nope", ".status.containerStatuses[0].state.waiting.reason", r => r == "ImagePullBackOff", "waiting ImagePullBackOff", TimeSpan.FromSeconds(90));
        await watch.WaitForOutputAsync("ErrImagePull ", TimeSpan.FromSeconds(10));
        var errLine = watch.Stdout.Split('\n').First(l => l.StartsWith("ErrImagePull ", StringComparison.Ordinal));
        // The runtime's own words (containerd: failed to pull and unpack image ...: not found).
        Assert.Contains(image, errLine, StringComparison.Ordinal);
        Assert.Contains("not found", errLine, StringComparison.Ordinal);
        var backOff = await Pods.FieldAsync(kubectl, ns, "nope", ".status.containerStatuses[0].state.waiting.message");
        Assert.Contains($"Back-off pulling image \"{image}\"", backOff, StringComparison.Ordinal);
        Assert.Equal("Pending", await Pods.FieldAsync(kubectl, ns, "nope", ".status.phase"));

        var reasons = await kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=nope", "-o", "jsonpath={.items[*].reason}");
        Assert.Contains("Failed", reasons, StringComparison.Ordinal);
        Assert.Contains("BackOff", reasons, StringComparison.Ordinal);
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
