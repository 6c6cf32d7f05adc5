using System.Globalization;
using System.Text.Json;

namespace Bosun.Api.Printing.Workloads;

/// <summary>
/// Pods as kubectl shows them: NAME READY STATUS RESTARTS AGE (wide: IP NODE NOMINATED NODE READINESS GATES),
/// with STATUS computed as kube-apiserver's pod printer does (init progress, waiting and terminated
/// reasons, Terminating) and RESTARTS with the time of the last restart.
/// </summary>
public sealed class PodTableConvertor : TableConvertor
{
    public static readonly PodTableConvertor Instance = new();

    private static readonly TableRowCondition[] Succeeded = [new("Completed", "True", "Succeeded", "The pod has completed successfully.")];
    private static readonly TableRowCondition[] Failed = [new("Completed", "True", "Failed", "The pod failed.")];

    private static readonly TableColumn[] PodColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        CommonColumns.Text("Status", "The aggregate status of the containers in this pod."),
        CommonColumns.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        CommonColumns.Age,
        CommonColumns.Text("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
        CommonColumns.Text("Node", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.", 1),
        CommonColumns.Text("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.", 1),
        CommonColumns.Text("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
    ];

    public override IReadOnlyList<TableColumn> Columns => PodColumns;

    /// <summary>Finished pods carry a Completed condition, as Kubernetes' pod printer sets it.</summary>
    public override IReadOnlyList<TableRowCondition> Conditions(JsonElement obj) => obj.Prop("status").Str("phase") switch
    {
        "Succeeded" => Succeeded,
        "Failed" => Failed,
        _ => [],
    };

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var status = obj.Prop("status");
        var restarts = 0L;
        var sidecarRestarts = 0L;
        var totalContainers = spec.Count("containers");
        var readyContainers = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastSidecarRestart = null;

        var phase = status.Str("phase") ?? "";
        var reason = status.Str("reason") is { Length: > 0 } statusReason ? statusReason : phase;
        foreach (var condition in status.Items("conditions"))
        {
            if (condition.Str("type") == "PodScheduled" && condition.Str("reason") == "SchedulingGated")
            {
                reason = "SchedulingGated";
            }
        }

        // Restartable init containers (sidecars) count as containers of the pod.
        HashSet<string>? sidecars = null;
        var initContainerCount = 0;
        foreach (var init in spec.Items("initContainers"))
        {
            initContainerCount++;
            if (init.Str("restartPolicy") == "Always")
            {
                (sidecars ??= new HashSet<string>(StringComparer.Ordinal)).Add(init.Str("name") ?? "");
                totalContainers++;
            }
        }

        var initializing = false;
        var index = 0;
        foreach (var container in status.Items("initContainerStatuses"))
        {
            var i = index++;
            var count = container.Number("restartCount");
            restarts += count;
            var lastTerminated = LastTerminatedAt(container);
            lastRestart = Later(lastRestart, lastTerminated);
            var isSidecar = sidecars is not null && sidecars.Contains(container.Str("name") ?? "");
            if (isSidecar)
            {
                sidecarRestarts += count;
                lastSidecarRestart = Later(lastSidecarRestart, lastTerminated);
            }

            var state = container.Prop("state");
            var terminated = state.Prop("terminated");
            var waiting = state.Prop("waiting");
            if (terminated.ValueKind == JsonValueKind.Object && terminated.Number("exitCode") == 0)
            {
                continue;
            }

            if (isSidecar && container.BoolOrNull("started") == true)
            {
                if (container.BoolOrNull("ready") == true)
                {
                    readyContainers++;
                }

                continue;
            }

            if (terminated.ValueKind == JsonValueKind.Object)
            {
                reason = terminated.Str("reason") is { Length: > 0 } terminatedReason
                    ? "Init:" + terminatedReason
                    : terminated.Number("signal") != 0
                        ? Invariant($"Init:Signal:{terminated.Number("signal")}")
                        : Invariant($"Init:ExitCode:{terminated.Number("exitCode")}");
            }
            else if (waiting.Str("reason") is { Length: > 0 } waitingReason && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = Invariant($"Init:{i}/{initContainerCount}");
            }

            initializing = true;
            break;
        }

        if (!initializing || JsonCells.HasTrueCondition(status, "Initialized"))
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = status.Prop("containerStatuses");
            var count = statuses.ValueKind == JsonValueKind.Array ? statuses.GetArrayLength() : 0;

            // Walk backwards so the first container's state wins, as Kubernetes does.
            for (var i = count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += container.Number("restartCount");
                lastRestart = Later(lastRestart, LastTerminatedAt(container));
                var state = container.Prop("state");
                var terminated = state.Prop("terminated");
                if (state.Prop("waiting").Str("reason") is { Length: > 0 } waitingReason)
                {
                    reason = waitingReason;
                }
                else if (terminated.ValueKind == JsonValueKind.Object)
                {
                    reason = terminated.Str("reason") is { Length: > 0 } terminatedReason
                        ? terminatedReason
                        : terminated.Number("signal") != 0
                            ? Invariant($"Signal:{terminated.Number("signal")}")
                            : Invariant($"ExitCode:{terminated.Number("exitCode")}");
                }
                else if (container.BoolOrNull("ready") == true && state.Prop("running").ValueKind == JsonValueKind.Object)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }

            if (reason == "Completed" && hasRunning)
            {
                reason = JsonCells.HasTrueCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        if (JsonCells.IsDeleting(obj))
        {
            if (status.Str("reason") == "NodeLost")
            {
                reason = "Unknown";
            }
            else if (phase is not ("Succeeded" or "Failed"))
            {
                reason = "Terminating";
            }
        }

        object restartsText = lastRestart is { } last
            ? new TimeCell(now => Invariant($"{restarts} ({HumanDuration.Format(now - last)} ago)"))
            : JsonCells.Text(restarts);

        return
        [
            JsonCells.Name(obj),
            JsonCells.Text(readyContainers) + "/" + JsonCells.Text(totalContainers),
            reason,
            restartsText,
            JsonCells.Age(obj),
            PodIp(status),
            spec.Str("nodeName") is { Length: > 0 } node ? node : "<none>",
            status.Str("nominatedNodeName") is { Length: > 0 } nominated ? nominated : "<none>",
            ReadinessGates(spec, status),
        ];
    }

    private static string PodIp(JsonElement status)
    {
        foreach (var ip in status.Items("podIPs"))
        {
            return ip.Str("ip") is { Length: > 0 } text ? text : "<none>";
        }

        return "<none>";
    }

    private static string ReadinessGates(JsonElement spec, JsonElement status)
    {
        var gates = 0;
        var trueGates = 0;
        foreach (var gate in spec.Items("readinessGates"))
        {
            gates++;
            var type = gate.Str("conditionType");
            foreach (var condition in status.Items("conditions"))
            {
                if (condition.Str("type") == type)
                {
                    if (condition.Str("status") == "True")
                    {
                        trueGates++;
                    }

                    break;
                }
            }
        }

        return gates == 0 ? "<none>" : Invariant($"{trueGates}/{gates}");
    }

    private static DateTimeOffset? LastTerminatedAt(JsonElement containerStatus)
    {
        var terminated = containerStatus.Path("lastState", "terminated");
        return terminated.ValueKind == JsonValueKind.Object ? JsonCells.TimeOf(terminated, "finishedAt") : null;
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a > b ? a : b);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
