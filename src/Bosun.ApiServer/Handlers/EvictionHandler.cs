using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.Api.Selectors;
using Bosun.ApiServer.Authentication;
using Bosun.ApiServer.Http;
using Bosun.ApiServer.Registry;
using Bosun.ApiServer.Routing;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Handlers;

/// <summary>
/// pods/eviction (policy/v1 Eviction): deletes a pod only if the PodDisruptionBudget covering it allows one more
/// disruption, spending that allowance in the budget's status first (so concurrent evictions cannot both take the
/// last one), as kube-apiserver's eviction REST does. A budget that allows none is a 429 the client retries
/// (kubectl drain does, every 5 s).
/// </summary>
internal sealed class EvictionHandler(ResourceRegistry registry, ResourceReader reader, ResourceCatalog catalog, TimeProvider time)
{
    /// <summary>Kubernetes' cap on pods recorded in a budget's status.disruptedPods.</summary>
    private const int MaxDisruptedPods = 2000;

    private const string ViolationMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

    public async Task HandleAsync(HttpContext context, RequestInfo info, UserInfo user)
    {
        var write = WriteParameters.Context(context, user) with { User = user };
        var eviction = await RequestBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (eviction.Name() != info.Name)
        {
            throw ApiException.BadRequest("name in URL does not match name in Eviction object");
        }

        var options = DeleteOptionsOf(eviction["deleteOptions"] as JsonObject, ref write);
        var pods = Find("", "v1", "pods");
        var cached = await reader.GetAsync(pods, info.Namespace, info.Name, null, context.RequestAborted)
            ?? throw ApiException.NotFound("", "pods", info.Name);
        var pod = ObjectJson.ParseObject(cached.Value.Span);
        // The client's preconditions are checked before any budget is spent on this pod.
        ObjectChecks.CheckPreconditions(pods, info.Name, pod, cached.Revision, options);

        // Terminal, pending or already terminating pods are not "available", so evicting them costs no budget.
        var phase = pod.PathString("status.phase");
        if (!(phase is "Succeeded" or "Failed" or "Pending" || pod.IsBeingDeleted()))
        {
            await SpendBudgetAsync(pod, info, write, context.RequestAborted);
        }

        var marked = await MarkDisruptionTargetAsync(pods, pod, info, write, context.RequestAborted);
        // The uid precondition keeps the eviction to the pod the budget was checked for, not a newer one of the same
        // name; a resourceVersion precondition the client gave was checked above and now names the marked version.
        options = options with
        {
            PreconditionUid = options.PreconditionUid ?? pod.Uid(),
            PreconditionResourceVersion = options.PreconditionResourceVersion is not null && marked is { } revision
                ? revision.ToString(CultureInfo.InvariantCulture)
                : options.PreconditionResourceVersion,
        };
        await registry.DeleteAsync(pods, info.Namespace, info.Name, options, write, context.RequestAborted);
        await ApiResponses.WriteBytesAsync(context, 201, StatusWriter.SuccessPlain(), "application/json");
    }

    private async Task SpendBudgetAsync(JsonObject pod, RequestInfo info, WriteContext write, CancellationToken cancellationToken)
    {
        var budgets = Find("policy", "v1", "poddisruptionbudgets");
        var labels = pod.Labels();
        var matching = new List<string>();
        foreach (var item in (await reader.ListAsync(budgets, info.Namespace, new ListOptions(), cancellationToken)).Items)
        {
            var budget = ObjectJson.ParseObject(item.Value.Span);
            if (SelectorOf(budget).Matches(labels))
            {
                matching.Add(budget.Name());
            }
        }

        if (matching.Count == 0)
        {
            return;
        }

        if (matching.Count > 1)
        {
            throw ApiException.Internal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }

        var ready = IsReady(pod);
        await registry.UpdateAsync(budgets, info.Namespace, matching[0], "status", current =>
        {
            var budget = current ?? throw ApiException.NotFound("policy", "poddisruptionbudgets", matching[0]);
            var status = budget["status"] as JsonObject ?? [];
            var generation = budget.Metadata()["generation"]?.GetValue<long>() ?? 0;
            var observed = status["observedGeneration"]?.GetValue<long>() ?? 0;
            var allowed = status["disruptionsAllowed"]?.GetValue<int>() ?? 0;
            var healthy = status["currentHealthy"]?.GetValue<int>() ?? 0;
            var desired = status["desiredHealthy"]?.GetValue<int>() ?? 0;

            // An unready pod adds nothing to availability: evicting it needs no allowance when the policy says so,
            // or (the default, IfHealthyBudget) while the budget is met anyway.
            var policy = budget.PathString("spec.unhealthyPodEvictionPolicy") ?? "IfHealthyBudget";
            if (!ready && (policy == "AlwaysAllow" || (healthy >= desired && desired > 0)))
            {
                return ValueTask.FromResult(budget);
            }

            if (observed < generation)
            {
                throw TooManyRequests($"The disruption budget {matching[0]} is still being processed by the server.");
            }

            if (allowed < 0)
            {
                throw ApiException.Forbidden("pdb disruptions allowed is negative");
            }

            var disrupted = status["disruptedPods"] as JsonObject ?? [];
            if (disrupted.Count > MaxDisruptedPods)
            {
                throw ApiException.Forbidden("DisruptedPods map too big - too many evictions not confirmed by PDB controller");
            }

            if (allowed == 0)
            {
                throw TooManyRequests($"The disruption budget {matching[0]} needs {desired} healthy pods and has {healthy} currently");
            }

            // Recorded so the disruption controller does not count the pod as healthy again before it is gone.
            status["disruptionsAllowed"] = allowed - 1;
            disrupted[info.Name] = ObjectJson.Timestamp(time.GetUtcNow());
            status["disruptedPods"] = disrupted;
            budget["status"] = status;
            return ValueTask.FromResult(budget);
        }, retryOnConflict: true, write, cancellationToken);
    }

    /// <summary>
    /// The DisruptionTarget condition (reason EvictionByEvictionAPI) tells the pod's owner why it goes, as Kubernetes
    /// writes it before the delete.
    /// </summary>
    private async Task<long?> MarkDisruptionTargetAsync(ResourceDefinition pods, JsonObject pod, RequestInfo info, WriteContext write, CancellationToken cancellationToken)
    {
        if (pod.PathString("status.phase") is "Succeeded" or "Failed" || pod.IsBeingDeleted() || write.DryRun)
        {
            return null;
        }

        try
        {
            var (updated, _) = await registry.UpdateAsync(pods, info.Namespace, info.Name, "status", current =>
            {
                var next = current ?? throw ApiException.NotFound("", "pods", info.Name);
                if (next.Uid() != pod.Uid())
                {
                    throw ApiException.Conflict("", "pods", info.Name, $"Precondition failed: UID in precondition: {pod.Uid()}, UID in object meta: {next.Uid()}");
                }

                var status = next["status"] as JsonObject ?? [];
                var conditions = status["conditions"] as JsonArray ?? [];
                foreach (var old in conditions.OfType<JsonObject>().Where(c => c["type"]?.ToString() == "DisruptionTarget").ToList())
                {
                    conditions.Remove(old);
                }

                conditions.Add(new JsonObject
                {
                    ["type"] = "DisruptionTarget",
                    ["status"] = "True",
                    ["lastProbeTime"] = null,
                    ["lastTransitionTime"] = ObjectJson.Timestamp(time.GetUtcNow()),
                    ["reason"] = "EvictionByEvictionAPI",
                    ["message"] = "Eviction API: evicting",
                });
                status["conditions"] = conditions;
                next["status"] = status;
                return ValueTask.FromResult(next);
            }, retryOnConflict: true, write, cancellationToken);
            return updated.Revision;
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Gone meanwhile: the delete below reports it.
            return null;
        }
    }

    /// <summary>The Eviction's deleteOptions (grace period, preconditions, dryRun).</summary>
    private static DeleteOptions DeleteOptionsOf(JsonObject? options, ref WriteContext write)
    {
        if (options is null)
        {
            return DeleteOptions.None;
        }

        if (options["dryRun"] is JsonArray dry && dry.Any(d => d?.ToString() == "All"))
        {
            write = write with { DryRun = true };
        }

        long? grace = options["gracePeriodSeconds"] is JsonValue g && g.TryGetValue<long>(out var seconds) ? seconds : null;
        return new DeleteOptions(
            grace,
            options["propagationPolicy"]?.ToString(),
            options["preconditions"]?["uid"]?.ToString(),
            options["preconditions"]?["resourceVersion"]?.ToString());
    }

    /// <summary>policy/v1 semantics: an empty selector selects every pod in the namespace, a missing one none.</summary>
    private static LabelSelector SelectorOf(JsonObject budget)
    {
        if (budget["spec"]?["selector"] is not JsonObject selector)
        {
            return LabelSelector.Nothing;
        }

        var matchLabels = ObjectMeta.StringMap(selector["matchLabels"]);
        var expressions = (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>().Select(e => (
            e["key"]?.ToString() ?? "",
            e["operator"]?.ToString() ?? "",
            (IList<string>?)(e["values"] as JsonArray)?.Select(v => v?.ToString() ?? "").ToList()));
        try
        {
            return LabelSelector.FromMatchLabelsAndExpressions(matchLabels, expressions);
        }
        catch (ArgumentException)
        {
            // The budget's validation rejects such selectors; one stored anyway selects nothing.
            return LabelSelector.Nothing;
        }
    }

    private static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().Any(c => c["type"]?.ToString() == "Ready" && c["status"]?.ToString() == "True");

    private static ApiException TooManyRequests(string cause) => new(429, "TooManyRequests", ViolationMessage)
    {
        Causes = [new StatusCause("DisruptionBudget", cause, "")],
    };

    private ResourceDefinition Find(string group, string version, string plural) =>
        catalog.Find(group, version, plural) ?? throw ApiException.Internal($"{plural} are not served");
}
