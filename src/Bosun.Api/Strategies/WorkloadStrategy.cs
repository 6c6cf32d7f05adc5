using System.Text.Json.Nodes;

namespace Bosun.Api.Strategies;

/// <summary>
/// Workload kinds (deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, replicationcontrollers):
/// generation tracks spec changes, and the spec gets Kubernetes' defaults (pkg/apis/apps/v1/defaults.go,
/// pkg/apis/batch/v1/defaults.go), pod template included.
/// </summary>
public sealed class WorkloadStrategy(string kind) : ResourceStrategy
{
    public override bool TracksGeneration => true;

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        switch (kind)
        {
            case "Deployment":
                spec["replicas"] ??= 1;
                var strategy = spec["strategy"] as JsonObject ?? [];
                spec["strategy"] = strategy;
                strategy["type"] ??= "RollingUpdate";
                if (strategy["type"]?.GetValue<string>() == "RollingUpdate")
                {
                    var rolling = strategy["rollingUpdate"] as JsonObject ?? [];
                    strategy["rollingUpdate"] = rolling;
                    rolling["maxUnavailable"] ??= "25%";
                    rolling["maxSurge"] ??= "25%";
                }

                spec["revisionHistoryLimit"] ??= 10;
                spec["progressDeadlineSeconds"] ??= 600;
                break;
            case "ReplicaSet" or "ReplicationController":
                spec["replicas"] ??= 1;
                break;
            case "StatefulSet":
                spec["replicas"] ??= 1;
                spec["podManagementPolicy"] ??= "OrderedReady";
                spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } };
                spec["revisionHistoryLimit"] ??= 10;
                spec["persistentVolumeClaimRetentionPolicy"] ??= new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Retain" };
                break;
            case "DaemonSet":
                spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 0 } };
                spec["revisionHistoryLimit"] ??= 10;
                break;
            case "Job":
                if (spec["completions"] is null && spec["parallelism"] is null)
                {
                    spec["completions"] = 1;
                    spec["parallelism"] = 1;
                }

                spec["parallelism"] ??= 1;
                spec["backoffLimit"] ??= 6;
                spec["completionMode"] ??= "NonIndexed";
                spec["suspend"] ??= false;
                break;
            case "CronJob":
                spec["concurrencyPolicy"] ??= "Allow";
                spec["suspend"] ??= false;
                spec["successfulJobsHistoryLimit"] ??= 3;
                spec["failedJobsHistoryLimit"] ??= 1;
                PodSpecDefaults.Apply(spec["jobTemplate"]?["spec"]?["template"]?["spec"] as JsonObject);
                return;
        }

        PodSpecDefaults.ApplyToTemplate(obj);
    }
}
