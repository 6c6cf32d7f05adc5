using System.Globalization;
using Bosun.E2E.Infrastructure;
using Bosun.Node.Images;

namespace Bosun.E2E.Agent;

/// <summary>
/// <c>kubectl port-forward pod/web LOCAL:8080</c> then an HTTP GET to 127.0.0.1:LOCAL: SPDY/3.1 for kubectl 1.27,
/// WebSocket-tunnelled SPDY (portforward.k8s.io over v5 channels) for 1.33.
/// </summary>
[Collection(AgentTestGroup.Name)]
public sealed class PortForwardTests(AgentCluster cluster)
{
    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task PortForward_PodHttpd_LocalGetReturnsThePage(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "ag-pf");
        await kubectl.SucceedAsync("run", "web", "-n", ns, "--image=" + TestImages.Busybox, "--", "httpd", "-f", "-p", "8080", "-h", "/var/www");
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "web");

        var local = LoopbackPorts.Free();
        using var forward = kubectl.StartBackground("port-forward", "-n", ns, "pod/web", $"{local.ToString(CultureInfo.InvariantCulture)}:8080", "--address", "127.0.0.1");
        await forward.WaitForOutputAsync("Forwarding from 127.0.0.1:", TimeSpan.FromSeconds(20));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // Two requests: each is its own stream pair over the one upgraded connection.
        for (var i = 0; i < 2; i++)
        {
            string page;
            try
            {
                page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{local}/"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                throw new InvalidOperationException($"GET through kubectl {version} port-forward failed ({e.Message})\n--- stdout\n{forward.Stdout}\n--- stderr\n{forward.Stderr}\n--- server\n{cluster.LogTail(30)}", e);
            }

            Assert.Equal(TestImages.IndexHtml, page);
        }

        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
