using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Objects;

namespace Bosun.Api.Strategies;

/// <summary>
/// Workload kinds (deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, replicationcontrollers):
/// generation tracks spec changes, the spec gets Kubernetes' defaults (pkg/apis/apps/v1/defaults.go,
/// pkg/apis/batch/v1/defaults.go, pod template included), jobs get their generated selector, and
/// <see cref="WorkloadValidation"/> checks selectors, replicas and templates.
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
            case "ReplicaSet":
                spec["replicas"] ??= 1;
                break;
            case "ReplicationController":
                spec["replicas"] ??= 1;
                DefaultSelectorFromTemplate(obj, spec);
                break;
            case "StatefulSet":
                spec["replicas"] ??= 1;
                spec["podManagementPolicy"] ??= "OrderedReady";
                spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } };
                spec["revisionHistoryLimit"] ??= 10;
                spec["persistentVolumeClaimRetentionPolicy"] ??= new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Retain" };
                foreach (var claim in PodSpecDefaults.Items(spec["volumeClaimTemplates"]))
                {
                    claim["apiVersion"] ??= "v1";
                    claim["kind"] ??= "PersistentVolumeClaim";
                    if (claim["spec"] is JsonObject claimSpec)
                    {
                        Decoding(obj, () => PersistentVolumeClaimStrategy.ApplySpecDefaults(claimSpec));
                    }

                    claim["status"] ??= new JsonObject { ["phase"] = "Pending" };
                }

                break;
            case "DaemonSet":
                spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 0 } };
                spec["revisionHistoryLimit"] ??= 10;
                break;
            case "Job":
                JobDefaults(spec);
                break;
            case "CronJob":
                spec["concurrencyPolicy"] ??= "Allow";
                spec["suspend"] ??= false;
                spec["successfulJobsHistoryLimit"] ??= 3;
                spec["failedJobsHistoryLimit"] ??= 1;
                if (spec["jobTemplate"]?["spec"] is JsonObject jobSpec)
                {
                    JobDefaults(jobSpec);
                    Decoding(obj, () => PodSpecDefaults.Apply(jobSpec["template"]?["spec"] as JsonObject));
                }

                return;
        }

        Decoding(obj, () => PodSpecDefaults.ApplyToTemplate(obj));
    }

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        base.PrepareForCreate(obj, hasStatus);
        if (kind == "Job" && obj["spec"] is JsonObject spec && spec["manualSelector"]?.GetValueKind() != System.Text.Json.JsonValueKind.True)
        {
            GenerateJobSelector(obj, spec);
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return WorkloadValidation.Validate(kind, obj).Select(Cause);
    }

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        return WorkloadValidation.Validate(kind, obj).Concat(WorkloadValidation.ValidateUpdate(kind, obj, old)).Select(Cause);
    }

    /// <summary>batch/v1 SetDefaults_Job.</summary>
    private static void JobDefaults(JsonObject spec)
    {
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1;
            spec["parallelism"] = 1;
        }

        spec["parallelism"] ??= 1;
        spec["backoffLimit"] ??= spec["backoffLimitPerIndex"] is null ? 6 : int.MaxValue;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        spec["podReplacementPolicy"] ??= spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed";
    }

    /// <summary>
    /// The selector kube-apiserver generates for a job without manualSelector: the pods carry the job's
    /// name and uid labels (unless set), and the selector picks the uid.
    /// </summary>
    private static void GenerateJobSelector(JsonObject obj, JsonObject spec)
    {
        var name = obj.Name();
        var uid = obj.Metadata()["uid"]?.GetValue<string>() ?? "";
        var template = spec["template"] as JsonObject ?? [];
        spec["template"] = template;
        var metadata = template["metadata"] as JsonObject ?? [];
        template["metadata"] = metadata;
        var labels = metadata["labels"] as JsonObject ?? [];
        metadata["labels"] = labels;
        labels["batch.kubernetes.io/controller-uid"] ??= uid;
        labels["batch.kubernetes.io/job-name"] ??= name;
        labels["controller-uid"] ??= uid;
        labels["job-name"] ??= name;
        var selector = spec["selector"] as JsonObject ?? [];
        spec["selector"] = selector;
        var matchLabels = selector["matchLabels"] as JsonObject ?? [];
        selector["matchLabels"] = matchLabels;
        matchLabels["batch.kubernetes.io/controller-uid"] ??= uid;
    }

    /// <summary>core/v1 SetDefaults_ReplicationController: selector and labels from the template's labels.</summary>
    private static void DefaultSelectorFromTemplate(JsonObject obj, JsonObject spec)
    {
        if (spec["template"]?["metadata"]?["labels"] is not JsonObject { Count: > 0 } labels)
        {
            return;
        }

        if (spec["selector"] is not JsonObject { Count: > 0 })
        {
            spec["selector"] = labels.DeepClone();
        }

        var metadata = obj.Metadata();
        if (metadata["labels"] is not JsonObject { Count: > 0 })
        {
            metadata["labels"] = labels.DeepClone();
        }
    }
}
