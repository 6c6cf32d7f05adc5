using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>
/// The official Kubernetes Python client (Debian's python3-kubernetes) against the real server: its typed
/// models, strategic merge patches, error statuses and watch decoding must work unchanged.
/// </summary>
public sealed class PythonClientTests(BosunServer server) : IClassFixture<BosunServer>
{
    [Fact]
    public async Task PythonClient_CrudPatchConflictWatch_EveryStepPasses()
    {
        // The script's steps: create namespace, ConfigMaps and a Deployment; list by label selector; strategic
        // merge patch; replace at a stale resourceVersion (409); get a missing object (404); watch ConfigMaps
        // changed by the script and a watch that times out; delete. See Python/python_client.py.
        var result = await PythonClient.RunAsync("python_client.py", server.Kubeconfig, "py-client");

        Assert.True(result.ExitCode == 0, $"the Python client script failed: {result}\n--- server log\n{server.Log}");
        Assert.Contains("all 10 steps passed", result.Stdout, StringComparison.Ordinal);
    }
}
