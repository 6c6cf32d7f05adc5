using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;

namespace Bosun.ApiServer.Registry;

/// <summary>
/// The shape rules every write obeys before the strategy sees it: the body's kind, namespace and name must be
/// the URL's, delete preconditions must hold, and the fields only the server sets are taken from the stored object.
/// </summary>
internal static class ObjectChecks
{
    /// <summary>Rejects a body whose apiVersion or kind is not the URL's; fills them in when absent.</summary>
    internal static void CheckKind(ResourceDefinition resource, JsonObject obj)
    {
        var apiVersion = obj["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var av) ? av : null;
        var kind = obj["kind"] is JsonValue k && k.TryGetValue<string>(out var kv) ? kv : null;
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != resource.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({resource.ApiVersion})");
        }

        if (!string.IsNullOrEmpty(kind) && kind != resource.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({resource.Kind})");
        }

        if (obj["metadata"] is not null and not JsonObject)
        {
            throw ApiException.BadRequest("error decoding request body: metadata must be an object");
        }

        obj["apiVersion"] = resource.ApiVersion;
        obj["kind"] = resource.Kind;
    }

    internal static void CheckNamespace(ResourceDefinition resource, string ns, JsonObject obj)
    {
        if (!resource.Namespaced)
        {
            obj.SetMeta("namespace", null);
            return;
        }

        var bodyNamespace = obj.Namespace();
        if (bodyNamespace.Length > 0 && bodyNamespace != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        obj.SetMeta("namespace", ns);
    }

    internal static void CheckName(JsonObject obj, string name)
    {
        var bodyName = obj.Name();
        if (bodyName.Length == 0)
        {
            obj.SetMeta("name", name);
        }
        else if (bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
    }

    internal static void CheckPreconditions(ResourceDefinition resource, string name, JsonObject current, long revision, DeleteOptions options)
    {
        if (options.PreconditionUid is { Length: > 0 } uid && uid != current.Uid())
        {
            throw ApiException.Conflict(resource.Group, resource.Plural, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid()}");
        }

        var version = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != version)
        {
            throw ApiException.Conflict(resource.Group, resource.Plural, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {version}");
        }
    }

    /// <summary>The stored object with only its status replaced (metadata changes are ignored, as in Kubernetes).</summary>
    internal static JsonObject WithStatusOf(JsonObject current, JsonObject desired)
    {
        var next = (JsonObject)current.DeepClone();
        if (desired["status"] is { } status)
        {
            next["status"] = status.DeepClone();
        }
        else
        {
            next.Remove("status");
        }

        if (desired.Metadata()["managedFields"] is { } managed)
        {
            next.SetMeta("managedFields", managed.DeepClone());
        }

        return next;
    }

    /// <summary>Fields only the server sets: taken from the stored object whatever the body says.</summary>
    internal static void KeepSystemFields(JsonObject next, JsonObject current)
    {
        var from = current.Metadata();
        foreach (var field in new[] { "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            next.SetMeta(field, from[field]?.DeepClone());
        }

        if (string.IsNullOrEmpty(next.Uid()))
        {
            next.SetMeta("uid", from["uid"]?.DeepClone());
        }

        // Validation sees the version being replaced; the stored form drops it again.
        next.SetMeta("resourceVersion", from["resourceVersion"]?.DeepClone());
    }
}
