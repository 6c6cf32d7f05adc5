using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bosun.E2E.Infrastructure;
using Bosun.Testing;
using Xunit.Abstractions;

namespace Bosun.E2E.Etcd;

/// <summary>
/// bosun server on a 3-member etcd while members die or hang: writes pause and continue, every acknowledged write is
/// stored exactly once, a watcher sees every change in revision order without gaps or repeats, and the server
/// answers only with errors a client may retry while etcd cannot commit.
/// </summary>
public sealed class EtcdFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly EtcdCluster _etcd = EtcdCluster.OfSize(3);
    private BosunServer _server = null!;

    public async Task InitializeAsync()
    {
        await _etcd.InitializeAsync();
        _server = new BosunServer { ExtraArguments = ["--datastore-endpoint", "etcd://" + string.Join(',', _etcd.Endpoints.Select(e => e.Authority))] };
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _etcd.DisposeAsync();
    }

    /// <summary>The leader dies (SIGKILL) or hangs (SIGSTOP: connections stay open, nothing answers).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LeaderLostUnderWriteLoad_NothingAcknowledgedIsLostAndTheWatchHasNoGaps(bool hang)
    {
        const string ns = "failover";
        using var client = _server.CreateAdminClient();
        await ApiCalls.CreateNamespaceAsync(client, ns);
        var (_, start) = await ApiCalls.ListConfigMapsAsync(client, ns);
        using var stop = new CancellationTokenSource();
        IReadOnlyCollection<string>? finalNames = null;
        var watcher = WatchEverythingAsync(client, ns, start);

        var acknowledged = new ConcurrentDictionary<string, long>();
        var wrongAnswers = new ConcurrentBag<string>();
        var retryable = 0;
        var lastSuccess = Stopwatch.StartNew();
        var longestPause = TimeSpan.Zero;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"w{w}-{i}");
                try
                {
                    using var response = await client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", ApiCalls.ConfigMap(name, "x"));
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged[name] = long.Parse(ApiCalls.ResourceVersion(JsonNode.Parse(body)!), CultureInfo.InvariantCulture);
                        lock (lastSuccess)
                        {
                            longestPause = lastSuccess.Elapsed > longestPause ? lastSuccess.Elapsed : longestPause;
                            lastSuccess.Restart();
                        }
                    }
                    else if (ApiCalls.IsRetryable(response.StatusCode, body))
                    {
                        Interlocked.Increment(ref retryable);
                        await Task.Delay(100);
                    }
                    else
                    {
                        wrongAnswers.Add($"{name}: {(int)response.StatusCode} {body}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The outcome is unknown (timeout): not acknowledged, so not checked; it may or may not exist.
                    Interlocked.Increment(ref retryable);
                }
            }
        })).ToList();

        await WaitForAsync(() => acknowledged.Count >= 150, "150 writes before the kill");
        var leader = await _etcd.LeaderAsync();
        if (hang)
        {
            _etcd.Freeze(leader);
        }
        else
        {
            _etcd.Kill(leader);
        }

        var beforeKill = acknowledged.Count;
        await WaitForAsync(() => acknowledged.Count >= beforeKill + 150, "150 writes after the kill");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        output.WriteLine($"{(hang ? "frozen" : "killed")} leader (member {leader}): acknowledged {acknowledged.Count}, retryable answers {retryable}, longest pause between acknowledged writes {longestPause.TotalSeconds:F1} s");
        Assert.Empty(wrongAnswers);
        var (stored, _) = await ApiCalls.ListConfigMapsAsync(client, ns);
        Volatile.Write(ref finalNames, stored.Keys.ToList());
        foreach (var (name, revision) in acknowledged)
        {
            Assert.True(stored.TryGetValue(name, out var storedVersion), $"acknowledged {name} is missing");
            Assert.Equal(revision.ToString(CultureInfo.InvariantCulture), storedVersion);
        }

        var seen = await watcher.WaitAsync(TimeSpan.FromSeconds(60));
        // The watch ends once it has caught up with the final list; it saw each stored object's creation once.
        Assert.Equal(stored.Keys.Order(StringComparer.Ordinal), seen.Keys.Order(StringComparer.Ordinal));
        Assert.True(longestPause < TimeSpan.FromSeconds(30), $"writes paused {longestPause.TotalSeconds:F1} s");

        async Task<Dictionary<string, long>> WatchEverythingAsync(HttpClient http, string space, string from)
        {
            // Every ADDED event by name, with revisions strictly increasing across reconnects (a reconnect resumes
            // from the last revision seen, so a repeat or a step back would be a bug). Ends when it has seen every
            // object of the final list (each watch request lasts 5 s at most, so a quiet stream is re-checked).
            var added = new Dictionary<string, long>(StringComparer.Ordinal);
            var last = long.Parse(from, CultureInfo.InvariantCulture);
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (true)
            {
                try
                {
                    await foreach (var (type, obj) in ApiCalls.WatchConfigMapsAsync(http, space, last.ToString(CultureInfo.InvariantCulture), deadline.Token, timeoutSeconds: 5))
                    {
                        Assert.NotEqual("ERROR", type);
                        var revision = long.Parse(ApiCalls.ResourceVersion(obj), CultureInfo.InvariantCulture);
                        if (type == "BOOKMARK")
                        {
                            last = Math.Max(last, revision);
                            continue;
                        }

                        Assert.True(revision > last, $"{type} at {revision} after {last}");
                        last = revision;
                        if (type == "ADDED")
                        {
                            Assert.True(added.TryAdd((string)obj["metadata"]!["name"]!, revision), $"second ADDED for {obj["metadata"]!["name"]}");
                        }

                        if (CaughtUp())
                        {
                            return added;
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // The server ended the watch with an error status (etcd unavailable): resume.
                }
                catch (IOException)
                {
                    // The stream broke: resume from the last revision seen.
                }

                if (CaughtUp())
                {
                    return added;
                }

                await Task.Delay(200, deadline.Token);
            }

            // Caught up once every stored object's creation was seen. (Not "reached the list's resourceVersion":
            // the controllers' own writes, a lease renewal for one, move it past anything this watch is sent.)
            bool CaughtUp() => Volatile.Read(ref finalNames) is { } names && names.All(added.ContainsKey);
        }
    }

    [Fact]
    public async Task QuorumLost_WritesFailCleanlyAndResumeWhenItReturns()
    {
        const string ns = "quorum";
        using var client = _server.CreateAdminClient();
        await ApiCalls.CreateNamespaceAsync(client, ns);
        await ApiCalls.CreateConfigMapAsync(client, ns, "before", "1");
        var leader = await _etcd.LeaderAsync();
        var others = Enumerable.Range(0, 3).Where(i => i != leader).ToArray();
        _etcd.Kill(others[0]);
        _etcd.Kill(others[1]);

        using (var write = await client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", ApiCalls.ConfigMap("during", "1")))
        {
            var body = await write.Content.ReadAsStringAsync();
            Assert.True(ApiCalls.IsRetryable(write.StatusCode, body), $"{(int)write.StatusCode} {body}");
        }

        // resourceVersion=0 reads are served from the watch cache without asking etcd.
        using (var cached = await client.GetAsync(new Uri($"/api/v1/namespaces/{ns}/configmaps?resourceVersion=0", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
            Assert.Contains("\"before\"", await cached.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await _etcd.RestartAsync(others[0]);
        await WaitForAsync(async () =>
        {
            using var write = await client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", ApiCalls.ConfigMap("after", "1"));
            return write.StatusCode == HttpStatusCode.Created;
        }, "a write after quorum returned");
        var (items, _) = await ApiCalls.ListConfigMapsAsync(client, ns);
        Assert.Contains("before", items.Keys);
        Assert.Contains("after", items.Keys);
    }

    private static Task WaitForAsync(Func<bool> condition, string what) => WaitForAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }
}
