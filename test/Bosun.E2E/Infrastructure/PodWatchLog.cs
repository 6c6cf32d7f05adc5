using System.Text;
using System.Text.Json;

namespace Bosun.E2E.Infrastructure;

/// <summary>
/// Replays what <c>kubectl get pods -w -o json --output-watch-events</c> printed (one JSON watch event after another)
/// and reports, after every event, how many pods were active (not terminating: what a ReplicaSet counts, so
/// maxSurge bounds it) and how many of those were Ready (what maxUnavailable bounds).
/// </summary>
public static class PodWatchLog
{
    public static IReadOnlyList<(int ActivePods, int ReadyPods)> Replay(string output)
    {
        var pods = new Dictionary<string, (bool Ready, bool Terminating)>(StringComparer.Ordinal);
        var states = new List<(int, int)>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            while (reader.Read())
            {
                using var document = JsonDocument.ParseValue(ref reader);
                var root = document.RootElement;
                var pod = root.GetProperty("object");
                var name = pod.GetProperty("metadata").GetProperty("name").GetString()!;
                if (root.GetProperty("type").GetString() == "DELETED")
                {
                    pods.Remove(name);
                }
                else
                {
                    pods[name] = (IsReady(pod), pod.GetProperty("metadata").TryGetProperty("deletionTimestamp", out _));
                }

                states.Add((pods.Values.Count(p => !p.Terminating), pods.Values.Count(p => p.Ready && !p.Terminating)));
            }
        }
        catch (JsonException)
        {
            // The watch was stopped in the middle of printing an event: everything before it counts.
        }

        return states;
    }

    private static bool IsReady(JsonElement pod) =>
        pod.TryGetProperty("status", out var status)
        && status.TryGetProperty("conditions", out var conditions)
        && conditions.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True");
}
