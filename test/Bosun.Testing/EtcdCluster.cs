using System.Diagnostics;
using Bosun.Storage.Etcd;
using Bosun.Storage.Etcd.Protos;
using Bosun.Storage;
using Grpc.Net.Client;
using Xunit;

namespace Bosun.Testing;

/// <summary>
/// Real etcd members (Debian's <c>/usr/bin/etcd</c>) on free 127.0.0.1 ports in a temp directory. Members can
/// be killed with SIGKILL and restarted on the same data. Dispose (xUnit's <see cref="IAsyncLifetime"/>)
/// kills them all and deletes the directory. A missing etcd binary fails the test: it is never skipped.
/// </summary>
public sealed class EtcdCluster : IAsyncLifetime
{
    public const string Binary = "/usr/bin/etcd";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();
    private readonly Member[] _members;

    public EtcdCluster() : this(1) { }

    /// <summary>A cluster of <paramref name="size"/> members (start it with <see cref="InitializeAsync"/>).</summary>
    public static EtcdCluster OfSize(int size) => new(size);

    private EtcdCluster(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _members = Enumerable.Range(0, size).Select(i => new Member($"m{i}", LoopbackPorts.Free(), LoopbackPorts.Free())).ToArray();
    }

    /// <summary>The members' client URLs, in member order.</summary>
    public IReadOnlyList<Uri> Endpoints => _members.Select(m => m.ClientUrl).ToArray();

    /// <summary>Starts every member and waits until each answers healthy (it has a leader).</summary>
    public async Task InitializeAsync()
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install the Debian package etcd-server (.ci/run does)");
        for (var i = 0; i < _members.Length; i++)
            Start(i);
        for (var i = 0; i < _members.Length; i++)
            await WaitHealthyAsync(i);
    }

    /// <summary>A store on this cluster; <paramref name="configure"/> may change any option.</summary>
    public IStore OpenStore(string? prefix = null, Action<EtcdStoreOptions>? configure = null)
    {
        var options = new EtcdStoreOptions { RequestTimeout = TimeSpan.FromSeconds(10), DialTimeout = TimeSpan.FromSeconds(2) };
        if (prefix is not null)
            options.Prefix = prefix;
        foreach (var endpoint in Endpoints)
            options.Endpoints.Add(endpoint);
        configure?.Invoke(options);
        return EtcdStoreFactory.Open(options);
    }

    /// <summary>SIGKILLs a member; its data stays for <see cref="RestartAsync"/>.</summary>
    public void Kill(int index)
    {
        var process = _members[index].Process ?? throw new InvalidOperationException($"member {index} is not running");
        process.Kill();
        process.WaitForExit();
        process.Dispose();
        _members[index].Process = null;
    }

    /// <summary>SIGSTOPs a member: it hangs with its connections open, as a stuck process does.</summary>
    public void Freeze(int index) =>
        Signals.Freeze((_members[index].Process ?? throw new InvalidOperationException($"member {index} is not running")).Id);

    /// <summary>SIGCONTs a member frozen by <see cref="Freeze"/>.</summary>
    public void Thaw(int index) =>
        Signals.Resume((_members[index].Process ?? throw new InvalidOperationException($"member {index} is not running")).Id);

    /// <summary>Starts a killed member again on its data and waits until it is healthy.</summary>
    public async Task RestartAsync(int index)
    {
        Start(index);
        await WaitHealthyAsync(index);
    }

    /// <summary>The index of the member the running members agree is leader.</summary>
    public async Task<int> LeaderAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            for (var i = 0; i < _members.Length; i++)
            {
                if (_members[i].Process is null)
                    continue;
                try
                {
                    using var channel = GrpcChannel.ForAddress(_members[i].ClientUrl);
                    var status = await new Maintenance.MaintenanceClient(channel).StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                    if (status.Leader != 0 && status.Leader == status.Header.MemberId)
                        return i;
                }
                catch (Grpc.Core.RpcException)
                {
                    // Not answering yet; try the others.
                }
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("no etcd member became leader");
            await Task.Delay(100);
        }
    }

    public Task DisposeAsync()
    {
        foreach (var member in _members)
        {
            try
            {
                member.Process?.Kill();
                member.Process?.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            member.Process?.Dispose();
            member.Process = null;
        }

        _directory.Delete();
        return Task.CompletedTask;
    }

    private void Start(int index)
    {
        var member = _members[index];
        var cluster = string.Join(",", _members.Select(m => $"{m.Name}={Url(m.PeerUrl)}"));
        var start = new ProcessStartInfo(Binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--name", member.Name,
            "--data-dir", _directory.File(member.Name),
            "--listen-client-urls", Url(member.ClientUrl),
            "--advertise-client-urls", Url(member.ClientUrl),
            "--listen-peer-urls", Url(member.PeerUrl),
            "--initial-advertise-peer-urls", Url(member.PeerUrl),
            "--initial-cluster", cluster,
            "--initial-cluster-token", Path.GetFileName(_directory.Path),
            // Fast elections keep the failover tests short; loopback has no real latency.
            "--heartbeat-interval", "50",
            "--election-timeout", "500",
            "--logger", "zap",
            "--log-outputs", _directory.File(member.Name + ".log"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        member.Process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Binary}");
        // Logs go to the file; what etcd prints before its logger is set up (flag errors) is kept for the failure message.
        member.Process.OutputDataReceived += (_, e) => member.Output.Enqueue(e.Data ?? "");
        member.Process.ErrorDataReceived += (_, e) => member.Output.Enqueue(e.Data ?? "");
        member.Process.BeginOutputReadLine();
        member.Process.BeginErrorReadLine();
    }

    private async Task WaitHealthyAsync(int index)
    {
        var member = _members[index];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (member.Process is null || member.Process.HasExited)
                break;
            try
            {
                var health = await http.GetStringAsync(new Uri(member.ClientUrl, "/health"));
                if (health.Contains("\"true\"", StringComparison.Ordinal))
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(50);
        }

        var log = _directory.File(member.Name + ".log");
        var tail = File.Exists(log) ? string.Join("\n", File.ReadLines(log).TakeLast(20)) : string.Join("\n", member.Output.TakeLast(20));
        throw new InvalidOperationException($"etcd member {member.Name} did not become healthy:\n{tail}");
    }

    /// <summary>etcd wants scheme://host:port, without the trailing slash a <see cref="Uri"/> prints.</summary>
    private static string Url(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private sealed class Member(string name, int clientPort, int peerPort)
    {
        public string Name { get; } = name;

        public Uri ClientUrl { get; } = new($"http://127.0.0.1:{clientPort}");

        public Uri PeerUrl { get; } = new($"http://127.0.0.1:{peerPort}");

        public Process? Process { get; set; }

        public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; } = new();
    }
}
