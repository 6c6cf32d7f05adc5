using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Node.Cri;
using Bosun.Node.Pods;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Bosun.Node.Stats;

/// <summary>
/// The agent's <c>GET /metrics/resource/summary</c>: the node's and each running container's CPU and memory, in a
/// subset of the kubelet's <c>/stats/summary</c> shape (<c>node.cpu</c>, <c>node.memory</c>,
/// <c>pods[].podRef</c>, <c>pods[].containers[].cpu|memory</c> with <c>time</c>, <c>usageNanoCores</c>,
/// <c>usageCoreNanoSeconds</c>, <c>workingSetBytes</c>), plus <c>windowSeconds</c> in each <c>cpu</c>: the interval
/// the rate was measured over. Containers come from the runtime (only those this agent created and that run);
/// rates come from two samples, so the first call waits <see cref="CpuRates.MinimumWindow"/> for the second.
/// </summary>
public sealed class ResourceSummary(CriClient cri, TimeProvider time, string cgroupRoot = "/sys/fs/cgroup", string procRoot = "/proc")
{
    private const string NodeKey = "/";
    private readonly CpuRates _rates = new();

    /// <summary>Collects the summary; waits for a second sample when some rate is not known yet.</summary>
    public async Task<JsonObject> CollectAsync(CancellationToken cancellationToken)
    {
        var (summary, complete) = await SampleAsync(cancellationToken);
        if (complete)
        {
            return summary;
        }

        await Task.Delay(CpuRates.MinimumWindow, time, cancellationToken);
        return (await SampleAsync(cancellationToken)).Summary;
    }

    /// <summary>Answers the HTTP request with the summary as JSON (500 with the runtime's message on failure).</summary>
    public async Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        JsonObject summary;
        try
        {
            summary = await CollectAsync(context.RequestAborted);
        }
        catch (RpcException e)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync($"container stats: {e.Status.Detail}", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(summary.ToJsonString(), context.RequestAborted);
    }

    private async Task<(JsonObject Summary, bool Complete)> SampleAsync(CancellationToken cancellationToken)
    {
        var complete = true;
        var now = time.GetUtcNow();
        var node = new JsonObject();
        if (HostUsage.ReadCpuNanoseconds(cgroupRoot, procRoot) is { } nodeCpu)
        {
            var rate = _rates.Sample(NodeKey, now, nodeCpu);
            complete &= rate is not null;
            node["cpu"] = Cpu(now, nodeCpu, rate);
        }

        if (HostUsage.ReadMemoryWorkingSetBytes(procRoot) is { } nodeMemory)
        {
            node["memory"] = new JsonObject { ["time"] = Timestamp(now), ["workingSetBytes"] = nodeMemory };
        }

        var running = await RunningContainersAsync(cancellationToken);
        var request = new ListContainerStatsRequest { Filter = new ContainerStatsFilter() };
        request.Filter.LabelSelector.Add(RuntimeLabels.ManagedBy, RuntimeLabels.ManagedByValue);
        var stats = (await cri.Runtime.ListContainerStatsAsync(request, CriClient.Options(cancellationToken))).Stats;

        var pods = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var live = new HashSet<string>(StringComparer.Ordinal) { NodeKey };
        foreach (var stat in stats.OrderBy(s => s.Attributes?.Id, StringComparer.Ordinal))
        {
            if (stat.Attributes is not { } attributes || !running.Contains(attributes.Id)
                || !attributes.Labels.TryGetValue(RuntimeLabels.PodUid, out var uid)
                || !attributes.Labels.TryGetValue(RuntimeLabels.ContainerName, out var containerName))
            {
                continue;
            }

            live.Add(attributes.Id);
            var container = new JsonObject { ["name"] = containerName };
            if (stat.Cpu?.UsageCoreNanoSeconds is { } cumulative)
            {
                var cpuTime = stat.Cpu.Timestamp > 0 ? DateTimeOffset.UnixEpoch.AddTicks(stat.Cpu.Timestamp / 100) : now;
                var rate = _rates.Sample(attributes.Id, cpuTime, cumulative.Value);
                complete &= rate is not null;
                container["cpu"] = Cpu(cpuTime, cumulative.Value, rate);
            }

            if (stat.Memory?.WorkingSetBytes is { } workingSet)
            {
                var memoryTime = stat.Memory.Timestamp > 0 ? DateTimeOffset.UnixEpoch.AddTicks(stat.Memory.Timestamp / 100) : now;
                container["memory"] = new JsonObject { ["time"] = Timestamp(memoryTime), ["workingSetBytes"] = workingSet.Value };
            }

            if (!pods.TryGetValue(uid, out var pod))
            {
                pods[uid] = pod = new JsonObject
                {
                    ["podRef"] = new JsonObject
                    {
                        ["name"] = attributes.Labels.GetValueOrDefault(RuntimeLabels.PodName, ""),
                        ["namespace"] = attributes.Labels.GetValueOrDefault(RuntimeLabels.PodNamespace, ""),
                        ["uid"] = uid,
                    },
                    ["containers"] = new JsonArray(),
                };
            }

            pod["containers"]!.AsArray().Add(container);
        }

        _rates.Retain(live);
        return (new JsonObject { ["node"] = node, ["pods"] = new JsonArray([.. pods.Values]) }, complete);
    }

    private async Task<HashSet<string>> RunningContainersAsync(CancellationToken cancellationToken)
    {
        var filter = new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerRunning } };
        filter.LabelSelector.Add(RuntimeLabels.ManagedBy, RuntimeLabels.ManagedByValue);
        try
        {
            var response = await cri.Runtime.ListContainersAsync(new ListContainersRequest { Filter = filter }, CriClient.Options(cancellationToken));
            return [.. response.Containers.Select(c => c.Id)];
        }
        catch (RpcException)
        {
            return [];
        }
    }

    private static JsonObject Cpu(DateTimeOffset time, ulong cumulative, (ulong NanoCores, TimeSpan Window)? rate)
    {
        var cpu = new JsonObject { ["time"] = Timestamp(time), ["usageCoreNanoSeconds"] = cumulative };
        if (rate is { } known)
        {
            cpu["usageNanoCores"] = known.NanoCores;
            cpu["windowSeconds"] = Math.Round(known.Window.TotalSeconds, 3);
        }

        return cpu;
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
