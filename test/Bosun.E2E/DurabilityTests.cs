using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>
/// No acknowledged write is lost when the server is killed (SIGKILL) or stopped (SIGTERM) under write load:
/// SQLite in WAL mode with durable commits, and a graceful stop that finishes in-flight writes.
/// </summary>
public sealed class DurabilityTests(BosunServer server) : IClassFixture<BosunServer>
{
    private const string Namespace = "default";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stop_UnderWriteLoad_EveryAcknowledgedWriteSurvivesRestart(bool kill)
    {
        var prefix = kill ? "killed" : "stopped";
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        using (var client = server.CreateAdminClient())
        {
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var name = $"{prefix}-{w}-{i}";
                    try
                    {
                        using var response = await client.PostAsync(
                            $"/api/v1/namespaces/{Namespace}/configmaps",
                            new StringContent($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"i":"{{{i}}}"}}""", Encoding.UTF8, "application/json"));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged.Add(name);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The server went away mid-request: the outcome is unknown, so it is not counted.
                        return;
                    }
                }
            })).ToList();

            for (var deadline = DateTime.UtcNow.AddSeconds(60); acknowledged.Count < 200; await Task.Delay(20))
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {acknowledged.Count} writes acknowledged in 60 s:\n{server.Log}");
            }

            var exitCode = await server.StopAsync(kill);
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            if (!kill)
            {
                Assert.Equal(0, exitCode);
            }
        }

        await server.RestartAsync();

        using var after = server.CreateAdminClient();
        var stored = await ListNamesAsync(after);
        var missing = acknowledged.Where(n => !stored.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged creates were lost after {(kill ? "SIGKILL" : "SIGTERM")}: {string.Join(", ", missing.Take(10))}");
        using var again = await after.PostAsync(
            $"/api/v1/namespaces/{Namespace}/configmaps",
            new StringContent($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{prefix}}}-after"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    private static async Task<HashSet<string>> ListNamesAsync(HttpClient client)
    {
        var body = await client.GetStringAsync($"/api/v1/namespaces/{Namespace}/configmaps");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("metadata").GetProperty("name").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
    }
}
