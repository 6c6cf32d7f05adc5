using System.Text.Json.Nodes;
using Bosun.Client.Models;
using k8s.Models;

namespace Bosun.Node.Simulated;

/// <summary>
/// The status a kubelet writes once a pod's containers run, as one JSON merge patch for the status subresource:
/// init containers completed, every app container running and ready, addresses, start time and the five pod
/// conditions (a merge patch replaces lists whole, so the PodScheduled condition is carried over).
/// </summary>
internal static class SimulatedPodStatus
{
    public static string RunningPatch(V1Pod pod, string hostIp, string podIp, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var time = StatusPatches.Timestamp(now);
        var scheduledAt = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "True")?.LastTransitionTime is { } t ? StatusPatches.Timestamp(t) : time;
        var conditions = new JsonArray
        {
            Condition("PodReadyToStartContainers", time),
            Condition("Initialized", time),
            Condition("Ready", time),
            Condition("ContainersReady", time),
            Condition("PodScheduled", scheduledAt),
        };
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = conditions,
            ["hostIP"] = hostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = pod.Status?.StartTime is { } started ? StatusPatches.Timestamp(started) : time,
            ["containerStatuses"] = new JsonArray([.. (pod.Spec?.Containers ?? []).Select(c => (JsonNode)RunningContainer(pod, c.Name, c.Image, time))]),
        };
        if (pod.Spec?.InitContainers is { Count: > 0 } inits)
        {
            status["initContainerStatuses"] = new JsonArray([.. inits.Select(c => (JsonNode)(c.RestartPolicy == "Always"
                ? RunningContainer(pod, c.Name, c.Image, time)
                : CompletedContainer(pod, c.Name, c.Image, time)))]);
        }

        return new JsonObject { ["status"] = status }.ToJsonString();
    }

    private static JsonObject Condition(string type, string time) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = null,
        ["lastTransitionTime"] = time,
    };

    private static JsonObject RunningContainer(V1Pod pod, string name, string? image, string time) => new()
    {
        ["name"] = name,
        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = time } },
        ["ready"] = true,
        ["started"] = true,
        ["restartCount"] = 0,
        ["image"] = image ?? "",
        ["imageID"] = "",
        ["containerID"] = ContainerId(pod, name),
    };

    private static JsonObject CompletedContainer(V1Pod pod, string name, string? image, string time) => new()
    {
        ["name"] = name,
        ["state"] = new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = 0,
                ["reason"] = "Completed",
                ["startedAt"] = time,
                ["finishedAt"] = time,
                ["containerID"] = ContainerId(pod, name),
            },
        },
        ["ready"] = true,
        ["started"] = false,
        ["restartCount"] = 0,
        ["image"] = image ?? "",
        ["imageID"] = "",
        ["containerID"] = ContainerId(pod, name),
    };

    /// <summary>A container id that is stable per pod uid and container, in the runtime://hex form kubectl shows.</summary>
    private static string ContainerId(V1Pod pod, string name) =>
        "simulated://" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{pod.Metadata?.Uid}/{name}")));
}
