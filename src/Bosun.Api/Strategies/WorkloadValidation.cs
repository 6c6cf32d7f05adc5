using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Api.Validation;

namespace Bosun.Api.Strategies;

/// <summary>
/// Kubernetes' validation of workload specs (pkg/apis/apps/validation, pkg/apis/batch/validation,
/// ValidateReplicationController): selectors, replica counts, templates and the fields updates may not change.
/// </summary>
public static class WorkloadValidation
{
    private static readonly string[] JobRestartPolicies = ["OnFailure", "Never"];
    private static readonly string[] ConcurrencyPolicies = ["Allow", "Forbid", "Replace"];
    private static readonly string[] CompletionModes = ["NonIndexed", "Indexed"];
    private static readonly string[] StatefulSetMutable = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

    /// <summary>The errors of a new or updated workload of <paramref name="kind"/>.</summary>
    public static IEnumerable<FieldError> Validate(string kind, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj["spec"] as JsonObject ?? [];
        var errors = new List<FieldError>();
        switch (kind)
        {
            case "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet":
                if (kind != "DaemonSet")
                {
                    errors.AddRange(NonNegative(spec, "replicas", "spec"));
                }

                errors.AddRange(SelectorAndTemplate(kind, spec, "spec", ["Always"]));
                break;
            case "ReplicationController":
                errors.AddRange(NonNegative(spec, "replicas", "spec"));
                errors.AddRange(ControllerSelectorAndTemplate(spec));
                break;
            case "Job":
                errors.AddRange(Job(spec, "spec", requireSelector: true));
                break;
            case "CronJob":
                errors.AddRange(CronJob(spec));
                break;
        }

        return errors;
    }

    /// <summary>The errors of changes an update of <paramref name="kind"/> may not make.</summary>
    public static IEnumerable<FieldError> ValidateUpdate(string kind, JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var spec = obj["spec"] as JsonObject ?? [];
        var oldSpec = old["spec"] as JsonObject ?? [];
        var errors = new List<FieldError>();
        if (kind is "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet" or "Job"
            && !JsonNode.DeepEquals(spec["selector"], oldSpec["selector"]))
        {
            errors.Add(FieldError.Invalid("spec.selector", new GoValue(SelectorValidation.GoSelector(spec["selector"])), "field is immutable"));
        }

        if (kind == "StatefulSet")
        {
            var changed = spec.Select(p => p.Key).Concat(oldSpec.Select(p => p.Key)).Distinct()
                .Where(k => !StatefulSetMutable.Contains(k) && !JsonNode.DeepEquals(spec[k], oldSpec[k]));
            if (changed.Any())
            {
                errors.Add(FieldError.Forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
            }
        }

        if (kind == "Job")
        {
            if (!JsonNode.DeepEquals(spec["completionMode"], oldSpec["completionMode"]))
            {
                errors.Add(FieldError.Invalid("spec.completionMode", spec["completionMode"], "field is immutable"));
            }
        }

        return errors;
    }

    private static List<FieldError> SelectorAndTemplate(string kind, JsonObject spec, string path, string[] restartPolicies)
    {
        var errors = new List<FieldError>();
        var selector = spec["selector"] as JsonObject;
        if (selector is null)
        {
            errors.Add(FieldError.Required($"{path}.selector"));
        }
        else
        {
            errors.AddRange(SelectorValidation.Validate(selector, $"{path}.selector"));
            if (SelectorValidation.IsEmpty(selector))
            {
                errors.Add(FieldError.Invalid($"{path}.selector", new GoValue("&" + SelectorValidation.GoSelector(selector)), $"empty selector is invalid for {kind.ToLowerInvariant()}"));
            }
        }

        if (spec["template"] is not JsonObject template)
        {
            errors.Add(FieldError.Required($"{path}.template"));
            return errors;
        }

        var labels = template["metadata"]?["labels"];
        if (selector is not null && !SelectorValidation.IsEmpty(selector) && !SelectorValidation.Matches(selector, labels))
        {
            errors.Add(FieldError.Invalid($"{path}.template.metadata.labels", new GoValue(SelectorValidation.GoMap(labels)), "`selector` does not match template `labels`"));
        }

        errors.AddRange(Template(template, $"{path}.template", restartPolicies));
        return errors;
    }

    private static List<FieldError> ControllerSelectorAndTemplate(JsonObject spec)
    {
        var errors = new List<FieldError>();
        var selector = spec["selector"] as JsonObject;
        if (selector is not { Count: > 0 })
        {
            errors.Add(FieldError.Required("spec.selector"));
        }
        else
        {
            errors.AddRange(ObjectMetaValidator.ValidateLabels(selector, "spec.selector"));
        }

        if (spec["template"] is not JsonObject template)
        {
            errors.Add(FieldError.Required("spec.template"));
            return errors;
        }

        var labels = template["metadata"]?["labels"];
        if (selector is { Count: > 0 } && !SelectorValidation.Matches(new JsonObject { ["matchLabels"] = selector.DeepClone() }, labels))
        {
            errors.Add(FieldError.Invalid("spec.template.metadata.labels", new GoValue(SelectorValidation.GoMap(labels)), "`selector` does not match template `labels`"));
        }

        errors.AddRange(Template(template, "spec.template", ["Always"]));
        return errors;
    }

    private static List<FieldError> Template(JsonObject template, string path, string[] restartPolicies)
    {
        var errors = new List<FieldError>();
        errors.AddRange(ObjectMetaValidator.ValidateLabels(template["metadata"]?["labels"], $"{path}.metadata.labels"));
        errors.AddRange(ObjectMetaValidator.ValidateAnnotations(template["metadata"]?["annotations"], $"{path}.metadata.annotations"));
        var podSpec = template["spec"] as JsonObject;
        errors.AddRange(PodValidation.Spec(podSpec, $"{path}.spec"));
        var restartPolicy = podSpec?["restartPolicy"]?.GetValueKind() == JsonValueKind.String ? podSpec["restartPolicy"]!.GetValue<string>() : "";
        if (PodValidation.RestartPolicies.Contains(restartPolicy) && !restartPolicies.Contains(restartPolicy))
        {
            errors.Add(FieldError.NotSupported($"{path}.spec.restartPolicy", restartPolicy, restartPolicies));
        }

        if (restartPolicies.Length == 1 && podSpec?["activeDeadlineSeconds"] is not null)
        {
            errors.Add(FieldError.Forbidden($"{path}.spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicaSet is not Supported"));
        }

        return errors;
    }

    private static List<FieldError> Job(JsonObject spec, string path, bool requireSelector)
    {
        var errors = new List<FieldError>();
        foreach (var field in new[] { "parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished" })
        {
            errors.AddRange(NonNegative(spec, field, path));
        }

        if (spec["completionMode"]?.GetValueKind() == JsonValueKind.String && !CompletionModes.Contains(spec["completionMode"]!.GetValue<string>()))
        {
            errors.Add(FieldError.NotSupported($"{path}.completionMode", spec["completionMode"]!.GetValue<string>(), CompletionModes));
        }

        if (spec["selector"] is JsonObject selector)
        {
            errors.AddRange(SelectorValidation.Validate(selector, $"{path}.selector"));
            var labels = spec["template"]?["metadata"]?["labels"];
            if (!SelectorValidation.IsEmpty(selector) && !SelectorValidation.Matches(selector, labels))
            {
                errors.Add(FieldError.Invalid($"{path}.template.metadata.labels", new GoValue(SelectorValidation.GoMap(labels)), "`selector` does not match template `labels`"));
            }
        }
        else if (requireSelector)
        {
            errors.Add(FieldError.Required($"{path}.selector"));
        }

        if (spec["template"] is not JsonObject template)
        {
            errors.Add(FieldError.Required($"{path}.template"));
            return errors;
        }

        errors.AddRange(Template(template, $"{path}.template", JobRestartPolicies));
        if (spec["podFailurePolicy"] is JsonObject && template["spec"]?["restartPolicy"]?.GetValueKind() == JsonValueKind.String
            && template["spec"]!["restartPolicy"]!.GetValue<string>() == "OnFailure")
        {
            errors.Add(FieldError.Invalid($"{path}.template.spec.restartPolicy", "OnFailure", "only \"Never\" is supported when podFailurePolicy is specified"));
        }

        return errors;
    }

    private static List<FieldError> CronJob(JsonObject spec)
    {
        var errors = new List<FieldError>();
        var schedule = spec["schedule"]?.GetValueKind() == JsonValueKind.String ? spec["schedule"]!.GetValue<string>() : "";
        if (schedule.Length == 0)
        {
            errors.Add(FieldError.Required("spec.schedule"));
        }

        if (spec["concurrencyPolicy"]?.GetValueKind() == JsonValueKind.String && !ConcurrencyPolicies.Contains(spec["concurrencyPolicy"]!.GetValue<string>()))
        {
            errors.Add(FieldError.NotSupported("spec.concurrencyPolicy", spec["concurrencyPolicy"]!.GetValue<string>(), ConcurrencyPolicies));
        }

        foreach (var field in new[] { "startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit" })
        {
            errors.AddRange(NonNegative(spec, field, "spec"));
        }

        // A cron job's jobs get their selectors generated when created, so the template needs none.
        errors.AddRange(Job(spec["jobTemplate"]?["spec"] as JsonObject ?? [], "spec.jobTemplate.spec", requireSelector: false));
        return errors;
    }

    private static IEnumerable<FieldError> NonNegative(JsonObject spec, string field, string path)
    {
        if (spec[field] is JsonValue v && v.TryGetValue<long>(out var n) && n < 0)
        {
            yield return FieldError.Invalid($"{path}.{field}", n, "must be greater than or equal to 0");
        }
    }
}
