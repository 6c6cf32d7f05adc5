using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>What the controllers running inside <c>bosun server</c> make visible to kubectl.</summary>
public sealed class ControllerTests(BosunServer server) : IClassFixture<BosunServer>
{
    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task DeleteNamespace_WithObjects_WaitsUntilNamespaceIsGone(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "ctl-delete-ns");
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap("extra", ns)));
        await kubectl.SucceedAsync("create", "secret", "generic", "s1", "-n", ns, "--from-literal=k=v");

        // kubectl waits for the namespace to disappear by default: the namespace controller must empty and finalize it.
        var output = await kubectl.SucceedAsync("delete", "namespace", ns);

        Assert.Contains($"namespace \"{ns}\" deleted", output, StringComparison.Ordinal);
        var gone = await kubectl.FailAsync("get", "namespace", ns);
        Assert.Contains($"namespaces \"{ns}\" not found", gone, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateNamespace_New_DefaultServiceAccountExists(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "ctl-sa");

        // The ServiceAccount controller creates it shortly after the namespace, as in Kubernetes.
        ProcessResult result;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            result = await kubectl.RunAsync(["get", "serviceaccount", "default", "-n", ns, "-o", "name"]);
            if (result.ExitCode == 0)
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("serviceaccount/default", result.Stdout.Trim());
    }
}
