using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.ApiServer.Authentication;
using Bosun.ApiServer.Http;
using Bosun.ApiServer.Registry;
using Bosun.ApiServer.Routing;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Handlers;

/// <summary>status, scale, pods/binding, pods/eviction, namespaces/finalize, and the pod streaming subresources.</summary>
internal sealed class SubresourceHandler(ResourceRegistry registry, ResourceReader reader, IServiceProvider services, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, UserInfo user)
    {
        var sub = resource.Subresources.FirstOrDefault(s => s.Name == info.Subresource)
            ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        var verb = info.Verb == "list" ? "get" : info.Verb;
        if (!sub.Verbs.Contains(verb))
        {
            throw ApiException.MethodNotSupported(resource.Group, $"{resource.Plural}/{sub.Name}", verb);
        }

        switch (sub.Name)
        {
            case "status":
                await StatusAsync(context, info, resource, user, verb);
                break;
            case "scale":
                await ScaleAsync(context, info, resource, user, verb);
                break;
            case "binding":
                await BindAsync(context, info, user);
                break;
            case "eviction":
                await ((EvictionHandler)services.GetService(typeof(EvictionHandler))!).HandleAsync(context, info, user);
                break;
            case "finalize":
                await FinalizeAsync(context, info, resource, user);
                break;
            case "log" or "exec" or "attach" or "portforward":
                await ((PodStreamingHandler)services.GetService(typeof(PodStreamingHandler))!).HandleAsync(context, info, sub.Name);
                break;
            default:
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
    }

    /// <summary>Binds a pod to a node (pods/binding and the bindings resource).</summary>
    public async Task BindAsync(HttpContext context, RequestInfo info, UserInfo user)
    {
        var write = WriteParameters.Context(context, user);
        var binding = await RequestBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var podName = info.Name.Length > 0 ? info.Name : binding.Name();
        if (binding.Name().Length > 0 && binding.Name() != podName)
        {
            throw ApiException.BadRequest($"the name of the object ({binding.Name()}) does not match the name on the URL ({podName})");
        }

        var node = binding["target"]?["name"]?.ToString() ?? "";
        if (node.Length == 0)
        {
            throw ApiException.Invalid("", "Binding", podName, [new StatusCause("FieldValueRequired", "Required value", "target.name")]);
        }

        var pods = Pods();
        // As the "binding" subresource: pod update validation forbids spec.nodeName changes and would reject every bind.
        await registry.UpdateAsync(pods, info.Namespace, podName, "binding", current =>
        {
            var pod = current ?? throw ApiException.NotFound("", "pods", podName);
            if (pod.IsBeingDeleted())
            {
                throw ApiException.Conflict("", "pods", podName, $"pod {podName} is being deleted, cannot be assigned to a host");
            }

            if (pod["spec"]?["nodeName"]?.ToString() is { Length: > 0 } assigned)
            {
                throw ApiException.Conflict("", "pods", podName, $"pod {podName} is already assigned to node \"{assigned}\"");
            }

            var spec = pod["spec"] as JsonObject ?? [];
            spec["nodeName"] = node;
            pod["spec"] = spec;
            var status = pod["status"] as JsonObject ?? [];
            var conditions = status["conditions"] as JsonArray ?? [];
            foreach (var existing in conditions.OfType<JsonObject>().Where(c => c["type"]?.ToString() == "PodScheduled").ToList())
            {
                conditions.Remove(existing);
            }

            conditions.Add(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastProbeTime"] = null, ["lastTransitionTime"] = ObjectJson.Timestamp(time.GetUtcNow()) });
            status["conditions"] = conditions;
            pod["status"] = status;
            return ValueTask.FromResult(pod);
        }, retryOnConflict: true, write with { User = user }, context.RequestAborted);
        await ApiResponses.WriteBytesAsync(context, 201, StatusWriter.SuccessPlain(), "application/json");
    }

    private ResourceDefinition Pods() =>
        services.GetService(typeof(ResourceCatalog)) is ResourceCatalog catalog && catalog.Find("", "v1", "pods") is { } pods
            ? pods
            : throw ApiException.Internal("pods are not served");

    private async Task StatusAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, UserInfo user, string verb)
    {
        var handler = Main();
        switch (verb)
        {
            case "get":
            {
                var format = AcceptNegotiator.Negotiate(context.Request.Headers.Accept, allowMetaKinds: true);
                var item = await reader.GetAsync(resource, info.Namespace, info.Name, null, context.RequestAborted)
                    ?? throw ApiException.NotFound(resource.Group, resource.Plural, info.Name);
                await ApiResponses.WriteObjectAsync(context, 200, resource, item.Value, item.Revision, format, time.GetUtcNow());
                break;
            }

            case "update":
            {
                var write = WriteParameters.Context(context, user);
                var body = await RequestBody.ReadObjectAsync(context.Request, context.RequestAborted);
                var pinned = !string.IsNullOrEmpty(body.ResourceVersion());
                var (updated, _) = await registry.UpdateAsync(resource, info.Namespace, info.Name, "status", _ => ValueTask.FromResult(body), !pinned, write, context.RequestAborted);
                await ApiResponses.WriteObjectAsync(context, 200, resource, updated.Json, updated.Revision, ResponseFormat.Json, time.GetUtcNow());
                break;
            }

            case "patch":
            {
                var write = WriteParameters.Context(context, user);
                var (updated, _) = await handler.PatchAsync(context, resource, info, "status", write, static o => o, static (_, patched) => patched);
                await ApiResponses.WriteObjectAsync(context, 200, resource, updated.Json, updated.Revision, ResponseFormat.Json, time.GetUtcNow());
                break;
            }
        }
    }

    private async Task ScaleAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, UserInfo user, string verb)
    {
        StoredObject result;
        switch (verb)
        {
            case "get":
            {
                var item = await reader.GetAsync(resource, info.Namespace, info.Name, null, context.RequestAborted)
                    ?? throw ApiException.NotFound(resource.Group, resource.Plural, info.Name);
                result = new StoredObject(item.Value, item.Revision);
                break;
            }

            case "update":
            {
                var write = WriteParameters.Context(context, user) with { ManagerSubresource = "scale" };
                var scale = await RequestBody.ReadObjectAsync(context.Request, context.RequestAborted);
                CheckScaleKind(scale);
                var pinned = !string.IsNullOrEmpty(scale.ResourceVersion());
                (result, _) = await registry.UpdateAsync(resource, info.Namespace, info.Name, "", current =>
                    current is null
                        ? throw ApiException.NotFound(resource.Group, resource.Plural, info.Name)
                        : ValueTask.FromResult(ScaleView.Apply(resource, current, scale)), !pinned, write, context.RequestAborted);
                break;
            }

            default:
            {
                var write = WriteParameters.Context(context, user) with { ManagerSubresource = "scale" };
                (result, _) = await Main().PatchAsync(context, resource, info, "", write, ScaleView.From, (current, scale) => ScaleView.Apply(resource, current, scale));
                break;
            }
        }

        var obj = ObjectJson.ParseObject(result.Json.Span);
        obj.SetMeta("resourceVersion", result.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ApiResponses.WriteBytesAsync(context, 200, ObjectJson.ToBytes(ScaleView.From(obj)), "application/json");
    }

    private async Task FinalizeAsync(HttpContext context, RequestInfo info, ResourceDefinition resource, UserInfo user)
    {
        var write = WriteParameters.Context(context, user);
        var body = await RequestBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var finalizers = body["spec"]?["finalizers"]?.DeepClone() ?? new JsonArray();
        var (updated, _) = await registry.UpdateAsync(resource, "", info.Name, "finalize", current =>
        {
            var ns = current ?? throw ApiException.NotFound("", "namespaces", info.Name);
            var spec = ns["spec"] as JsonObject ?? [];
            spec["finalizers"] = finalizers.DeepClone();
            ns["spec"] = spec;
            return ValueTask.FromResult(ns);
        }, retryOnConflict: true, write, context.RequestAborted);
        await ApiResponses.WriteObjectAsync(context, 200, resource, updated.Json, updated.Revision, ResponseFormat.Json, time.GetUtcNow());
    }

    private static void CheckScaleKind(JsonObject scale)
    {
        if (scale["kind"]?.ToString() is { Length: > 0 } kind && kind != "Scale")
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind (Scale)");
        }
    }

    private ResourceHandler Main() =>
        services.GetService(typeof(ResourceHandler)) as ResourceHandler ?? throw ApiException.Internal("resource handler missing");
}
