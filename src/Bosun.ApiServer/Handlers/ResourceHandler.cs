using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.Api.Patching.ServerSideApply;
using Bosun.Api.Strategies;
using Bosun.ApiServer.Authentication;
using Bosun.ApiServer.Http;
using Bosun.ApiServer.Registry;
using Bosun.ApiServer.Routing;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Handlers;

/// <summary>The REST verbs on resources: one generic handler for every kind in the catalog.</summary>
internal sealed class ResourceHandler(
    ResourceCatalog catalog,
    ResourceRegistry registry,
    ResourceReader reader,
    WatchHandler watch,
    SubresourceHandler subresources,
    TimeProvider time)
{
    public async Task HandleAsync(HttpContext context, RequestInfo info, UserInfo user)
    {
        var resource = Resolve(info);
        var ct = context.RequestAborted;
        if (info.Subresource.Length > 0)
        {
            await subresources.HandleAsync(context, info, resource, user);
            return;
        }

        if (!resource.Verbs.Contains(info.Verb))
        {
            throw ApiException.MethodNotSupported(resource.Group, resource.Plural, info.Verb);
        }

        switch (info.Verb)
        {
            case "get":
            {
                var format = AcceptNegotiator.Negotiate(context.Request.Headers.Accept, allowMetaKinds: true);
                var item = await reader.GetAsync(resource, info.Namespace, info.Name, NullIfAbsent(context, "resourceVersion"), ct)
                    ?? throw ApiException.NotFound(resource.Group, resource.Plural, info.Name);
                await ApiResponses.WriteObjectAsync(context, 200, resource, item.Value, item.Revision, format, time.GetUtcNow());
                break;
            }

            case "list":
            {
                var format = AcceptNegotiator.Negotiate(context.Request.Headers.Accept, allowMetaKinds: true);
                var options = ListOptions.Parse(context.Request.Query);
                var list = await reader.ListAsync(resource, info.Namespace, options, ct);
                await ApiResponses.WriteListAsync(context, resource, list, format, time.GetUtcNow());
                break;
            }

            case "watch":
                await watch.HandleAsync(context, resource, info.Namespace, info.Name, ListOptions.Parse(context.Request.Query));
                break;

            case "create":
            {
                var write = WriteParameters.Context(context, user);
                var format = AcceptNegotiator.Negotiate(context.Request.Headers.Accept, allowMetaKinds: false);
                var body = await ReadObjectAsync(context, resource, write);
                var created = await registry.CreateAsync(resource, info.Namespace, body, write, ct);
                await WriteWithWarningsAsync(context, write, 201, resource, created, format);
                break;
            }

            case "update":
            {
                var write = WriteParameters.Context(context, user);
                var format = AcceptNegotiator.Negotiate(context.Request.Headers.Accept, allowMetaKinds: false);
                var body = await ReadObjectAsync(context, resource, write);
                var pinned = !string.IsNullOrEmpty(body.ResourceVersion());
                var (updated, wasCreated) = await registry.UpdateAsync(
                    resource, info.Namespace, info.Name, "", _ => ValueTask.FromResult((JsonObject)body.DeepClone()), !pinned, write, ct);
                await WriteWithWarningsAsync(context, write, wasCreated ? 201 : 200, resource, updated, format);
                break;
            }

            case "patch":
            {
                var write = WriteParameters.Context(context, user);
                var format = AcceptNegotiator.Negotiate(context.Request.Headers.Accept, allowMetaKinds: false);
                var (updated, created) = await PatchAsync(context, resource, info, "", write, static o => o, static (_, patched) => patched, applyAllowed: true);
                await WriteWithWarningsAsync(context, write, created ? 201 : 200, resource, updated, format);
                break;
            }

            case "delete":
            {
                var write = WriteParameters.Context(context, user);
                var body = await RequestBody.ReadAsync(context.Request, ct);
                var options = WriteParameters.DeleteOptions(context, body, ref write);
                var outcome = await registry.DeleteAsync(resource, info.Namespace, info.Name, options, write, ct);
                await WriteDeleteAsync(context, resource, outcome);
                break;
            }

            case "deletecollection":
                await DeleteCollectionAsync(context, resource, info, user);
                break;

            default:
                throw ApiException.MethodNotSupported(resource.Group, resource.Plural, info.Verb);
        }
    }

    /// <summary>
    /// Reads a PATCH body and applies it to the current object, viewed through <paramref name="view"/>
    /// (identity for the object itself, a Scale for /scale), mapping the result back with <paramref name="merge"/>.
    /// </summary>
    public async Task<(StoredObject Object, bool Created)> PatchAsync(
        HttpContext context,
        ResourceDefinition resource,
        RequestInfo info,
        string subresource,
        WriteContext write,
        Func<JsonObject, JsonObject> view,
        Func<JsonObject, JsonObject, JsonObject> merge,
        bool applyAllowed = false)
    {
        var mediaType = RequestBody.MediaType(context.Request);
        PatchHandler.CheckType(resource, mediaType, applyAllowed);
        var query = context.Request.Query;
        var apply = mediaType == PatchHandler.ApplyPatchType;
        if (apply && query["fieldManager"].ToString().Length == 0)
        {
            throw ApiException.Invalid("meta.k8s.io", "PatchOptions", "", [new StatusCause("FieldValueRequired", "Required value: is required for apply patch", "fieldManager")]);
        }

        var force = query["force"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            var other => throw ApiException.BadRequest($"force: Invalid value: \"{other}\": must be true or false"),
        };
        if (force && !apply)
        {
            throw ApiException.Invalid("meta.k8s.io", "PatchOptions", "", [new StatusCause("FieldValueForbidden", "Forbidden: may not be specified for non-apply patch", "force")]);
        }

        var patch = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
        if (patch.Length == 0)
        {
            throw ApiException.BadRequest("the body of the request was empty");
        }

        if (apply)
        {
            var (applied, isJson) = PatchHandler.ReadApplied(patch);
            CheckApplied(resource, applied);
            FieldValidation.CheckApplied(resource, patch, isJson, applied, info.Namespace, info.Name, write);
            var schema = new ApplySchema(resource.Group, resource.Kind, resource.HasSubresource("status"));
            var manager = write.FieldManager!;
            return await registry.UpdateAsync(
                resource,
                info.Namespace,
                info.Name,
                subresource,
                current => ValueTask.FromResult(FieldManager.Apply(current, applied, schema, manager, force, resource.ApiVersion, time.GetUtcNow())),
                retryOnConflict: string.IsNullOrEmpty(applied.ResourceVersion()),
                write with { Applying = true },
                context.RequestAborted);
        }

        return await registry.UpdateAsync(
            resource,
            info.Namespace,
            info.Name,
            subresource,
            current => current is null
                ? throw ApiException.NotFound(resource.Group, resource.Plural, info.Name)
                : ValueTask.FromResult(merge(current, PatchHandler.Apply(resource, mediaType, view(current), patch))),
            retryOnConflict: true,
            write,
            context.RequestAborted);
    }

    /// <summary>An applied configuration must name its kind: kube-apiserver cannot type it otherwise.</summary>
    private static void CheckApplied(ResourceDefinition resource, JsonObject applied)
    {
        if (applied["apiVersion"] is not JsonValue || applied["kind"] is not JsonValue)
        {
            throw ApiException.BadRequest("Object 'Kind' is missing in applied configuration");
        }

        ObjectChecks.CheckKind(resource, applied);
    }

    /// <summary>The resource a request names; unknown ones and scope mismatches are a 404.</summary>
    public ResourceDefinition Resolve(RequestInfo info)
    {
        var resource = catalog.Find(info.Group, info.Version, info.Resource);
        if (resource is null || (!resource.Namespaced && info.Namespace.Length > 0))
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }

        if (resource.Namespaced && info.Namespace.Length == 0 && info.Verb is not ("list" or "watch"))
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }

        return resource;
    }

    /// <summary>Answers a delete: the object for kinds that return it or while deletion is pending, else a Success Status.</summary>
    public static Task WriteDeleteAsync(HttpContext context, ResourceDefinition resource, DeleteOutcome outcome)
    {
        var strategy = Strategies.For(resource.StorageGroup, resource.Kind);
        if (outcome.Removed && !strategy.ReturnDeletedObject)
        {
            var deleted = ObjectJson.ParseObject(outcome.Item.Json.Span);
            return ApiResponses.WriteBytesAsync(context, 200, StatusWriter.Success(resource.Group, resource.Plural, deleted.Name(), deleted.Uid()), "application/json");
        }

        return ApiResponses.WriteObjectAsync(context, 200, resource, outcome.Item.Json, outcome.Item.Revision, ResponseFormat.Json, DateTimeOffset.UtcNow);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceDefinition resource, RequestInfo info, UserInfo user)
    {
        var write = WriteParameters.Context(context, user);
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
        var options = WriteParameters.DeleteOptions(context, body, ref write);
        var list = await reader.ListAsync(resource, info.Namespace, ListOptions.Parse(context.Request.Query) with { Limit = 0, Continue = null }, context.RequestAborted);
        var deleted = new List<Storage.Cache.CachedObject<ObjectAttributes>>();
        foreach (var item in list.Items)
        {
            try
            {
                var outcome = await registry.DeleteAsync(resource, item.Attributes.Namespace, item.Attributes.Name, options, write, context.RequestAborted);
                deleted.Add(item with { Value = outcome.Item.Json, Revision = outcome.Item.Revision });
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Gone meanwhile: nothing left to delete.
            }
        }

        await ApiResponses.WriteListAsync(context, resource, new ListResult(deleted, list.Revision, null, null), ResponseFormat.Json, time.GetUtcNow());
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context, ResourceDefinition resource, WriteContext write)
    {
        var mediaType = RequestBody.MediaType(context.Request);
        if (mediaType is not ("application/json" or "application/yaml" or Bosun.Api.Serialization.Protobuf.KubernetesProtobuf.MediaType or "*/*"))
        {
            throw ApiException.UnsupportedMediaType(mediaType, ["application/json", "application/yaml", Bosun.Api.Serialization.Protobuf.KubernetesProtobuf.MediaType]);
        }

        var bytes = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
        var obj = RequestBody.DecodeObject(bytes, mediaType);
        FieldValidation.Check(resource, mediaType == "application/json" ? bytes : Api.Objects.ObjectJson.ToBytes(obj), write);
        return obj;
    }

    private static Task WriteWithWarningsAsync(HttpContext context, WriteContext write, int status, ResourceDefinition resource, StoredObject result, ResponseFormat format)
    {
        foreach (var warning in write.Warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        return ApiResponses.WriteObjectAsync(context, status, resource, result.Json, result.Revision, format, DateTimeOffset.UtcNow);
    }

    private static string? NullIfAbsent(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
}
