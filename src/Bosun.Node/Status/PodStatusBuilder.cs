using Bosun.Node.Pods;
using k8s.Models;

namespace Bosun.Node.Status;

/// <summary>
/// Builds a pod's status the way the kubelet writes it, from the runtime's report (<see cref="ObservedPod"/>) and
/// the agent's notes: container statuses (state, lastState, restartCount, ready, started, image, imageID,
/// containerID), phase (the kubelet's getPhase rules), the kubelet-owned conditions, pod IPs and start time.
/// Pure: the same inputs give the same status, which is what makes it testable and restart-safe.
/// </summary>
public static class PodStatusBuilder
{
    /// <summary>The conditions the kubelet owns; others (PodScheduled, DisruptionTarget, ...) are kept as they are.</summary>
    public static readonly IReadOnlySet<string> KubeletConditions = new HashSet<string>(StringComparer.Ordinal)
    {
        "PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready",
    };

    /// <summary>The status to write for <paramref name="pod"/>; <paramref name="now"/> stamps new transitions.</summary>
    public static V1PodStatus Build(V1Pod pod, ObservedPod observed, ContainerNotes notes, string hostIp, DateTime now, bool terminating = false)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(observed);
        var spec = pod.Spec;
        var old = pod.Status ?? new V1PodStatus();
        now = Seconds(now);
        var sandbox = observed.Sandbox;
        var initDone = InitContainersDone(spec, observed);

        var initStatuses = (spec.InitContainers ?? []).Select(c => ContainerStatus(c, true, observed, notes, initDone)).ToList();
        var statuses = spec.Containers.Select(c => ContainerStatus(c, false, observed, notes, initDone)).ToList();

        var phase = Phase(spec, initStatuses, statuses, old.Phase);
        var status = new V1PodStatus
        {
            Phase = phase,
            HostIP = hostIp,
            HostIPs = [new V1HostIP { Ip = hostIp }],
            StartTime = old.StartTime ?? now,
            QosClass = old.QosClass,
            NominatedNodeName = old.NominatedNodeName,
            InitContainerStatuses = initStatuses.Count > 0 ? initStatuses : null,
            ContainerStatuses = statuses,
        };

        var ips = spec.HostNetwork == true ? [hostIp] : sandbox is { Ready: true } ? sandbox.Ips : old.PodIPs?.Select(p => p.Ip).ToList() ?? [];
        if (ips.Count > 0)
        {
            status.PodIP = ips[0];
            status.PodIPs = ips.Select(ip => new V1PodIP { Ip = ip }).ToList();
        }

        var terminal = phase is "Succeeded" or "Failed";
        var conditions = (old.Conditions ?? []).Where(c => !KubeletConditions.Contains(c.Type)).ToList();
        var sandboxReady = spec.HostNetwork == true ? sandbox is { Ready: true } : sandbox is { Ready: true } && sandbox.Ips.Count > 0;
        conditions.Add(Condition(old, "PodReadyToStartContainers", sandboxReady && !terminal, now));

        var incompleteInit = initStatuses.Where(s => s.State?.Terminated is not { ExitCode: 0 }).Select(s => s.Name).ToList();
        conditions.Add(incompleteInit.Count == 0 || terminal && initDone
            ? Condition(old, "Initialized", true, now)
            : Condition(old, "Initialized", false, now, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(' ', incompleteInit)}]"));

        var unready = statuses.Where(s => !s.Ready).Select(s => s.Name).ToList();
        if (terminal)
        {
            conditions.Add(Condition(old, "ContainersReady", false, now, "PodCompleted", ""));
            conditions.Add(Condition(old, "Ready", false, now, "PodCompleted", ""));
        }
        else if (!initDone)
        {
            var message = $"containers with unready status: [{string.Join(' ', unready)}]";
            conditions.Add(Condition(old, "ContainersReady", false, now, "ContainersNotReady", message));
            conditions.Add(Condition(old, "Ready", false, now, "ContainersNotReady", message));
        }
        else
        {
            var message = $"containers with unready status: [{string.Join(' ', unready)}]";
            conditions.Add(unready.Count == 0 ? Condition(old, "ContainersReady", true, now) : Condition(old, "ContainersReady", false, now, "ContainersNotReady", message));
            var gatesFailing = (spec.ReadinessGates ?? []).Where(g => (old.Conditions ?? []).FirstOrDefault(c => c.Type == g.ConditionType)?.Status != "True").Select(g => g.ConditionType).ToList();
            if (unready.Count > 0)
            {
                conditions.Add(Condition(old, "Ready", false, now, "ContainersNotReady", message));
            }
            else if (gatesFailing.Count > 0)
            {
                conditions.Add(Condition(old, "Ready", false, now, "ReadinessGatesNotReady", $"corresponding condition of pod readiness gate \"{gatesFailing[0]}\" does not exist."));
            }
            else
            {
                conditions.Add(Condition(old, "Ready", !terminating, now, terminating ? "PodTerminating" : null, null));
            }
        }

        status.Conditions = conditions;
        return status;
    }

    /// <summary>True when every init container has finished with exit code 0 (or there are none).</summary>
    public static bool InitContainersDone(V1PodSpec spec, ObservedPod observed) =>
        (spec.InitContainers ?? []).All(c => observed.Latest(c.Name, true) is { IsExited: true, ExitCode: 0 })
        || (spec.InitContainers is { Count: > 0 } && spec.Containers.Any(c => observed.Latest(c.Name, false) is not null));

    private static V1ContainerStatus ContainerStatus(V1Container container, bool init, ObservedPod observed, ContainerNotes notes, bool initDone)
    {
        var latest = observed.Latest(container.Name, init);
        var previous = observed.Previous(container.Name, init);
        var status = new V1ContainerStatus
        {
            Name = container.Name,
            Image = container.Image,
            ImageID = latest?.ImageRef ?? "",
            RestartCount = latest?.Attempt ?? 0,
            Ready = false,
            Started = false,
            State = new V1ContainerState(),
            LastState = new V1ContainerState(),
        };
        if (latest is not null)
        {
            status.ContainerID = "containerd://" + latest.Id;
        }

        var waiting = notes.Waiting(container.Name);
        if (latest is { IsRunning: true })
        {
            status.State.Running = new V1ContainerStateRunning { StartedAt = Seconds(latest.StartedAt ?? latest.CreatedAt) };
            status.Started = container.StartupProbe is null || notes.Started(latest.Id) == true;
            status.Ready = !init && status.Started == true && (notes.Ready(latest.Id) ?? container.ReadinessProbe is null);
            if (previous is { IsExited: true })
            {
                status.LastState.Terminated = Terminated(previous, notes);
            }
        }
        else if (latest is { IsExited: true } && waiting is null)
        {
            status.State.Terminated = Terminated(latest, notes);
            status.Ready = init && latest.ExitCode == 0;
            if (previous is { IsExited: true })
            {
                status.LastState.Terminated = Terminated(previous, notes);
            }
        }
        else
        {
            var reason = waiting?.Reason ?? (init || initDone ? "ContainerCreating" : "PodInitializing");
            status.State.Waiting = new V1ContainerStateWaiting { Reason = reason, Message = string.IsNullOrEmpty(waiting?.Message) ? null : waiting.Value.Message };
            var last = latest is { IsExited: true } ? latest : previous is { IsExited: true } ? previous : null;
            if (last is not null)
            {
                status.LastState.Terminated = Terminated(last, notes);
            }
        }

        if (status.LastState.Terminated is null)
        {
            status.LastState = new V1ContainerState();
        }

        return status;
    }

    private static V1ContainerStateTerminated Terminated(ObservedContainer container, ContainerNotes notes)
    {
        var reason = !string.IsNullOrEmpty(container.Reason) ? container.Reason : container.ExitCode == 0 ? "Completed" : "Error";
        var message = notes.TerminationMessage(container.Id);
        return new V1ContainerStateTerminated
        {
            ExitCode = container.ExitCode,
            Reason = reason,
            Message = string.IsNullOrEmpty(message) ? null : message,
            StartedAt = container.StartedAt is { } started ? Seconds(started) : null,
            FinishedAt = container.FinishedAt is { } finished ? Seconds(finished) : null,
            ContainerID = "containerd://" + container.Id,
        };
    }

    /// <summary>The kubelet's getPhase: from the init and regular container statuses and the restart policy.</summary>
    public static string Phase(V1PodSpec spec, IReadOnlyList<V1ContainerStatus> init, IReadOnlyList<V1ContainerStatus> regular, string? oldPhase)
    {
        // A pod the kubelet already reported finished stays finished.
        if (oldPhase is "Succeeded" or "Failed")
        {
            return oldPhase;
        }

        var restartPolicy = spec.RestartPolicy ?? "Always";
        int pendingInit = 0, failedInit = 0;
        foreach (var status in init)
        {
            if (status.State.Running is not null)
            {
                pendingInit++;
            }
            else if (status.State.Terminated is { } terminated)
            {
                if (terminated.ExitCode != 0)
                {
                    failedInit++;
                }
            }
            else if (status.LastState?.Terminated is { ExitCode: not 0 })
            {
                failedInit++;
            }
            else
            {
                pendingInit++;
            }
        }

        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var status in regular)
        {
            if (status.State.Running is not null)
            {
                running++;
            }
            else if (status.State.Terminated is { } terminated)
            {
                stopped++;
                if (terminated.ExitCode == 0)
                {
                    succeeded++;
                }
            }
            else if (status.LastState?.Terminated is not null)
            {
                stopped++;
            }
            else
            {
                waiting++;
            }
        }

        if (failedInit > 0 && restartPolicy == "Never")
        {
            return "Failed";
        }

        var anyRegularStarted = regular.Any(s => s.State.Running is not null || s.State.Terminated is not null || s.LastState?.Terminated is not null);
        if ((pendingInit > 0 || failedInit > 0) && !anyRegularStarted)
        {
            return "Pending";
        }

        if (waiting > 0)
        {
            return "Pending";
        }

        if (running > 0)
        {
            return "Running";
        }

        if (stopped > 0)
        {
            if (restartPolicy == "Always")
            {
                return "Running";
            }

            if (stopped == succeeded)
            {
                return "Succeeded";
            }

            return restartPolicy == "Never" ? "Failed" : "Running";
        }

        return "Pending";
    }

    private static V1PodCondition Condition(V1PodStatus old, string type, bool value, DateTime now, string? reason = null, string? message = null)
    {
        var status = value ? "True" : "False";
        var previous = old.Conditions?.FirstOrDefault(c => c.Type == type);
        return new V1PodCondition
        {
            Type = type,
            Status = status,
            Reason = string.IsNullOrEmpty(reason) ? null : reason,
            Message = string.IsNullOrEmpty(message) ? null : message,
            LastProbeTime = null,
            LastTransitionTime = previous?.Status == status && previous.LastTransitionTime is { } since ? since : now,
        };
    }

    private static DateTime Seconds(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
