using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.ApiServer.Authentication;
using Bosun.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Handlers;

/// <summary>Query parameters and bodies shared by the write verbs: dryRun, fieldValidation, DeleteOptions.</summary>
internal static class WriteParameters
{
    /// <summary>dryRun and fieldValidation of a write; unsupported values are a 400.</summary>
    public static WriteContext Context(HttpContext context, UserInfo user)
    {
        var query = context.Request.Query;
        var dryRun = false;
        foreach (var value in query["dryRun"])
        {
            dryRun = value switch
            {
                "All" => true,
                _ => throw ApiException.BadRequest($"dryRun: Unsupported value: \"{value}\": supported values: \"All\""),
            };
        }

        var validation = query["fieldValidation"].ToString();
        if (validation is not ("" or "Ignore" or "Warn" or "Strict"))
        {
            throw ApiException.BadRequest($"fieldValidation: Unsupported value: \"{validation}\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        }

        return new WriteContext(user, dryRun, validation.Length == 0 ? "Warn" : validation) { FieldManager = FieldManager(context) };
    }

    /// <summary>
    /// The <c>fieldManager</c> parameter, else the product of the User-Agent (<c>kubectl/v1.33.0 ...</c> is
    /// <c>kubectl</c>), as kube-apiserver defaults it for every write but apply.
    /// </summary>
    public static string FieldManager(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["fieldManager"].ToString() is { Length: > 0 } manager)
        {
            if (manager.Length > 128)
            {
                throw ApiException.Invalid("meta.k8s.io", "PatchOptions", "", [new StatusCause("FieldValueTooLong", "Too long: may not be more than 128 bytes", "fieldManager")]);
            }

            return manager;
        }

        var agent = context.Request.Headers.UserAgent.ToString();
        var product = agent.Split('/')[0];
        return product.Length > 128 ? product[..128] : product;
    }

    /// <summary>DeleteOptions from the query and the optional JSON body (body values win, as in Kubernetes).</summary>
    public static DeleteOptions DeleteOptions(HttpContext context, byte[] body, ref WriteContext write)
    {
        var query = context.Request.Query;
        long? grace = null;
        if (query.ContainsKey("gracePeriodSeconds"))
        {
            grace = ListOptions.ParseInteger(query["gracePeriodSeconds"].ToString(), "gracePeriodSeconds");
        }

        var propagation = query["propagationPolicy"].ToString() is { Length: > 0 } p ? p : null;
        if (query["orphanDependents"].ToString() is { Length: > 0 } orphan)
        {
            propagation ??= orphan == "true" ? "Orphan" : "Background";
        }

        string? uid = null;
        string? rv = null;
        if (body.Length > 0)
        {
            var options = Http.RequestBody.DecodeObject(body, Http.RequestBody.MediaType(context.Request));
            if (options["kind"] is JsonValue kind && kind.ToString() is not ("DeleteOptions" or ""))
            {
                throw ApiException.BadRequest($"the body of a delete must be a DeleteOptions, not {kind}");
            }

            if (options["gracePeriodSeconds"] is JsonValue g && g.TryGetValue<long>(out var seconds))
            {
                grace = seconds;
            }

            if (options["propagationPolicy"] is JsonValue pp && pp.TryGetValue<string>(out var policy))
            {
                propagation = policy;
            }
            else if (options["orphanDependents"] is JsonValue od && od.TryGetValue<bool>(out var orphanDependents))
            {
                propagation = orphanDependents ? "Orphan" : "Background";
            }

            uid = options["preconditions"]?["uid"]?.GetValue<string>();
            rv = options["preconditions"]?["resourceVersion"]?.GetValue<string>();
            if (options["dryRun"] is JsonArray dry && dry.Any(d => d?.GetValue<string>() == "All"))
            {
                write = write with { DryRun = true };
            }
        }

        if (propagation is not (null or "Orphan" or "Background" or "Foreground"))
        {
            throw ApiException.BadRequest($"propagationPolicy: Unsupported value: \"{propagation}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
        }

        return new DeleteOptions(grace, propagation, uid, rv);
    }
}
