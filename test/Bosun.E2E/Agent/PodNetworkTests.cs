using Bosun.E2E.Infrastructure;
using Bosun.Node.Images;

namespace Bosun.E2E.Agent;

/// <summary>
/// The first thing a user tries: <c>kubectl run</c> of the busybox image's web server, then reaching the pod's IP
/// from the host over the CNI bridge.
/// </summary>
[Collection(AgentTestGroup.Name)]
public sealed class PodNetworkTests(AgentCluster cluster)
{
    [Fact]
    public async Task Run_BusyboxHttpd_RunningWithPodIpServingThePage()
    {
        // exec is only a tool here (ExecTests covers both clients): any kubectl will do.
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Oldest, "ag-run");
        await kubectl.SucceedAsync("run", "web", "-n", ns, "--image=" + TestImages.Busybox, "--", "httpd", "-f", "-p", "8080", "-h", "/var/www");

        var ip = await Pods.WaitRunningAsync(cluster, kubectl, ns, "web");
        Assert.StartsWith(AgentCluster.PodIpPrefix, ip, StringComparison.Ordinal);
        Assert.Equal(ip, await Pods.FieldAsync(kubectl, ns, "web", ".status.podIPs[0].ip"));
        Assert.Equal("127.0.0.1", await Pods.FieldAsync(kubectl, ns, "web", ".status.hostIP"));
        Assert.Equal(AgentCluster.NodeName, await Pods.FieldAsync(kubectl, ns, "web", ".spec.nodeName"));
        Assert.Equal("true", await Pods.FieldAsync(kubectl, ns, "web", ".status.containerStatuses[0].ready"));
        Assert.StartsWith("containerd://", await Pods.FieldAsync(kubectl, ns, "web", ".status.containerStatuses[0].containerID"), StringComparison.Ordinal);

        // The process listens a moment after the container started; the page is the image's /var/www/index.html.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? page = null;
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    page = await http.GetStringAsync(new Uri($"http://{ip}:8080/"));
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            $"GET http://{ip}:8080/ from the host",
            TimeSpan.FromSeconds(30),
            () => Pods.DescribeAsync(cluster, kubectl, ns, "web"));
        Assert.Equal(TestImages.IndexHtml, page);

        // Pods reach each other on the bridge (busybox wget inside a second pod).
        await kubectl.SucceedAsync("run", "client", "-n", ns, "--image=" + TestImages.Busybox, "--", "sleep", "3600");
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "client");
        var response = await Pods.ShAsync(kubectl, ns, "client", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 {ip} 8080");
        Assert.Matches(@"^HTTP/1\.[01] 200 OK\r\n", response);
        Assert.EndsWith(TestImages.IndexHtml, response, StringComparison.Ordinal);
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    [Fact]
    public async Task Busybox_WgetInPod_FetchesFromAnotherPod()
    {
        // exec is only a tool here (ExecTests covers both clients): any kubectl will do.
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Oldest, "ag-wget");
        await kubectl.SucceedAsync("run", "web", "-n", ns, "--image=" + TestImages.Busybox, "--", "httpd", "-f", "-p", "8080", "-h", "/var/www");
        await kubectl.SucceedAsync("run", "client", "-n", ns, "--image=" + TestImages.Busybox, "--", "sleep", "3600");
        var ip = await Pods.WaitRunningAsync(cluster, kubectl, ns, "web");
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "client");

        // The test image's wget is one of the tools the issue promises inside pods.
        // Debian's static busybox 1.35 wget segfaults with -T (its own timeout); busybox's timeout applet bounds it instead.
        var result = await kubectl.RunAsync(["exec", "client", "-n", ns, "--", "timeout", "10", "wget", "-q", "-O", "-", $"http://{ip}:8080/"]);
        Assert.True(result.ExitCode == 0, $"busybox wget inside a pod: {result}");
        Assert.Equal(TestImages.IndexHtml, result.Stdout);
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    [Fact]
    public async Task Pod_Routes_ClusterCidrOfTheServerThroughTheBridge()
    {
        // exec is only a tool here (ExecTests covers both clients): any kubectl will do.
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Oldest, "ag-route");
        await kubectl.SucceedAsync("run", "r", "-n", ns, "--image=" + TestImages.Busybox, "--", "sleep", "3600");
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "r");

        // --cluster-cidr is the whole pod range: other nodes' pods are reached through the bridge's gateway.
        var routes = await Pods.ShAsync(kubectl, ns, "r", "ip route");
        Assert.Contains(AgentCluster.ClusterCidr + " via ", routes, StringComparison.Ordinal);
        Assert.DoesNotContain("10.42.0.0/16", routes, StringComparison.Ordinal);
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
