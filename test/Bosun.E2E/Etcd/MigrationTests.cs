using System.Diagnostics;
using Bosun.E2E.Infrastructure;
using Bosun.Testing;

namespace Bosun.E2E.Etcd;

/// <summary>
/// A user who outgrew one machine moves the cluster from the embedded SQLite to etcd with
/// <c>bosun datastore export</c>/<c>import</c>, keeps the data dir (certificates, token, kubeconfig) and
/// finds every object there; and back again.
/// </summary>
public sealed class MigrationTests : IAsyncLifetime
{
    private readonly EtcdCluster _etcd = new();
    private readonly BosunServer _server = new();

    public async Task InitializeAsync()
    {
        await _etcd.InitializeAsync();
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _etcd.DisposeAsync();
    }

    [Fact]
    public async Task SqliteToEtcdAndBack_KeepsEveryObjectAndTheKubeconfig()
    {
        var kubectl = Kubectl.For(KubectlVersions.Newest, _server);
        await kubectl.SucceedAsync("create", "namespace", "moving");
        await kubectl.SucceedAsync("create", "configmap", "settings", "-n", "moving", "--from-literal=color=blue");
        await kubectl.SucceedAsync("create", "deployment", "web", "-n", "moving", "--image=busybox:1.36", "--replicas=3");
        Assert.Equal(0, await _server.StopAsync(kill: false));
        var etcd = $"etcd://{_etcd.Endpoints[0].Authority}";
        var export = Path.Combine(_server.DataDir, "sqlite.export");

        var exported = await RunBosunAsync("datastore", "export", "--data-dir", _server.DataDir, "--file", export);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        var imported = await RunBosunAsync("datastore", "import", "--datastore-endpoint", etcd, "--file", export);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        var again = await RunBosunAsync("datastore", "import", "--datastore-endpoint", etcd, "--file", export);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("not empty", again.Stderr, StringComparison.Ordinal);

        _server.ExtraArguments = ["--datastore-endpoint", etcd];
        await _server.RestartAsync();
        Assert.Equal("blue", await kubectl.SucceedAsync("get", "configmap", "settings", "-n", "moving", "-o", "jsonpath={.data.color}"));
        Assert.Equal("3", await kubectl.SucceedAsync("get", "deployment", "web", "-n", "moving", "-o", "jsonpath={.spec.replicas}"));
        await kubectl.SucceedAsync("create", "configmap", "on-etcd", "-n", "moving");
        Assert.Equal(0, await _server.StopAsync(kill: false));

        var back = Path.Combine(_server.DataDir, "etcd.export");
        var fromEtcd = await RunBosunAsync("datastore", "export", "--datastore-endpoint", etcd, "--file", back);
        Assert.True(fromEtcd.ExitCode == 0, fromEtcd.ToString());
        var sqlite = $"sqlite://{Path.Combine(_server.DataDir, "back.db")}";
        var intoSqlite = await RunBosunAsync("datastore", "import", "--datastore-endpoint", sqlite, "--file", back);
        Assert.True(intoSqlite.ExitCode == 0, intoSqlite.ToString());
        _server.ExtraArguments = ["--datastore-endpoint", sqlite];
        await _server.RestartAsync();
        Assert.Equal("configmap/on-etcd", (await kubectl.SucceedAsync("get", "configmap", "on-etcd", "-n", "moving", "-o", "name")).Trim());
        Assert.Equal("blue", await kubectl.SucceedAsync("get", "configmap", "settings", "-n", "moving", "-o", "jsonpath={.data.color}"));
    }

    [Fact]
    public async Task Export_OfADataDirWithoutDatastore_FailsClearly()
    {
        var empty = Directory.CreateTempSubdirectory("bosun-e2e-empty-").FullName;
        try
        {
            var result = await RunBosunAsync("datastore", "export", "--data-dir", empty, "--file", Path.Combine(empty, "x"));

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("no datastore", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private static async Task<ProcessResult> RunBosunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(RepositoryRoot.BosunBinary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bosun");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
