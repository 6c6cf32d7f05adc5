using System.Diagnostics;
using System.Text;
using Bosun.Testing;

namespace Bosun.E2E.Infrastructure;

/// <summary>
/// A <c>bosun server</c> (scheduler and controllers in-process, node grace period shortened to
/// <see cref="GracePeriod"/>) plus a separate <c>bosun simulate</c> process registering <see cref="NodeCount"/> nodes
/// that heartbeat every second — the real binaries, as a user would run them. One per test class.
/// </summary>
public sealed class SimulatedCluster : IAsyncLifetime
{
    public const int NodeCount = 3;

    /// <summary>--node-monitor-grace-period of the server.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);

    private readonly StringBuilder _simulatorLog = new();
    private Process? _simulator;

    public BosunServer Server { get; } = new() { ExtraArguments = ["--node-monitor-grace-period", "5s"] };

    /// <summary>The simulated nodes' names.</summary>
    public IReadOnlyList<string> Nodes { get; } = [.. Enumerable.Range(0, NodeCount).Select(i => $"sim-node-{i}")];

    public string SimulatorLog
    {
        get
        {
            lock (_simulatorLog)
            {
                return _simulatorLog.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        var info = new ProcessStartInfo(RepositoryRoot.BosunBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "simulate", "--nodes", NodeCount.ToString(System.Globalization.CultureInfo.InvariantCulture), "--kubeconfig", Server.Kubeconfig, "--node-lease-duration-seconds", "4" })
        {
            info.ArgumentList.Add(arg);
        }

        _simulator = Process.Start(info) ?? throw new InvalidOperationException("could not start bosun simulate");
        _simulator.OutputDataReceived += (_, e) => Append(e.Data);
        _simulator.ErrorDataReceived += (_, e) => Append(e.Data);
        _simulator.BeginOutputReadLine();
        _simulator.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!SimulatorLog.Contains("simulated nodes registered", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _simulator.HasExited)
            {
                Assert.Fail($"bosun simulate did not register its nodes\n{SimulatorLog}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>kubectl at <paramref name="version"/> and a fresh namespace for one test.</summary>
    public Task<(Kubectl Kubectl, string Namespace)> NamespaceAsync(string version, string prefix) => Server.NamespaceAsync(version, prefix);

    public async Task DisposeAsync()
    {
        if (_simulator is not null)
        {
            if (!_simulator.HasExited)
            {
                Signals.Terminate(_simulator.Id);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _simulator.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    _simulator.Kill(entireProcessTree: true);
                    await _simulator.WaitForExitAsync();
                }
            }

            _simulator.Dispose();
        }

        await Server.DisposeAsync();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_simulatorLog)
            {
                _simulatorLog.AppendLine(line);
            }
        }
    }
}
