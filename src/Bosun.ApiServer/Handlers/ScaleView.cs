using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;

namespace Bosun.ApiServer.Handlers;

/// <summary>The autoscaling/v1 Scale view of workloads (deployments, replicasets, statefulsets, replicationcontrollers).</summary>
internal static class ScaleView
{
    /// <summary>The Scale of an object (which carries its resourceVersion).</summary>
    public static JsonObject From(JsonObject obj)
    {
        var metadata = obj.Metadata();
        var scaleMetadata = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (metadata[field] is { } value)
            {
                scaleMetadata[field] = value.DeepClone();
            }
        }

        var status = new JsonObject { ["replicas"] = obj["status"]?["replicas"]?.DeepClone() ?? 0 };
        if (Selector(obj) is { Length: > 0 } selector)
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMetadata,
            ["spec"] = new JsonObject { ["replicas"] = obj["spec"]?["replicas"]?.DeepClone() ?? 1 },
            ["status"] = status,
        };
    }

    /// <summary>The object with spec.replicas taken from <paramref name="scale"/>; bad replicas are a 422.</summary>
    public static JsonObject Apply(ResourceDefinition resource, JsonObject obj, JsonObject scale)
    {
        var replicasNode = scale["spec"]?["replicas"];
        long replicas = 0;
        if (replicasNode is not null && !(replicasNode is JsonValue v && v.TryGetValue(out replicas)))
        {
            throw ApiException.BadRequest("Scale.spec.replicas must be an integer");
        }

        if (replicas < 0)
        {
            throw ApiException.Invalid("autoscaling", "Scale", obj.Name(),
                [new StatusCause("FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0", "spec.replicas")]);
        }

        var next = (JsonObject)obj.DeepClone();
        var spec = next["spec"] as JsonObject ?? [];
        spec["replicas"] = replicas;
        next["spec"] = spec;
        // The Scale's resourceVersion is the precondition of the write.
        next.SetMeta("resourceVersion", scale.ResourceVersion());
        return next;
    }

    /// <summary>status.selector: the label selector in query-string form.</summary>
    private static string Selector(JsonObject obj)
    {
        var selector = obj["spec"]?["selector"];
        if (selector is not JsonObject s)
        {
            return "";
        }

        if (s["matchLabels"] is null && s["matchExpressions"] is null)
        {
            // ReplicationControllers use a plain map.
            return string.Join(",", ObjectMeta.StringMap(s).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        }

        var parts = ObjectMeta.StringMap(s["matchLabels"]).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}").ToList();
        foreach (var expression in (s["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = expression["key"]?.ToString() ?? "";
            var values = (expression["values"] as JsonArray ?? []).Select(x => x?.ToString() ?? "").Order(StringComparer.Ordinal);
            parts.Add(expression["operator"]?.ToString() switch
            {
                "In" => $"{key} in ({string.Join(",", values)})",
                "NotIn" => $"{key} notin ({string.Join(",", values)})",
                "Exists" => key,
                "DoesNotExist" => $"!{key}",
                _ => "",
            });
        }

        return string.Join(",", parts.Where(p => p.Length > 0));
    }
}
