using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Validation;

namespace Bosun.Api.Strategies;

/// <summary>Ingresses: generation tracks the spec, status starts with an empty loadBalancer, paths need a pathType.</summary>
public sealed class IngressStrategy : ResourceStrategy
{
    public static readonly IngressStrategy Instance = new();

    private static readonly string[] PathTypes = ["Exact", "ImplementationSpecific", "Prefix"];

    public override bool TracksGeneration => true;

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var rules = obj["spec"]?["rules"] as JsonArray ?? [];
        for (var r = 0; r < rules.Count; r++)
        {
            var paths = rules[r]?["http"]?["paths"] as JsonArray ?? [];
            for (var p = 0; p < paths.Count; p++)
            {
                var at = $"spec.rules[{r}].http.paths[{p}]";
                var pathType = Text(paths[p]?["pathType"]);
                var path = Text(paths[p]?["path"]) ?? "";
                if (pathType is null)
                {
                    yield return Cause(FieldError.Required($"{at}.pathType", "pathType must be specified"));
                }
                else if (!PathTypes.Contains(pathType))
                {
                    yield return Cause(FieldError.NotSupported($"{at}.pathType", pathType, PathTypes));
                }
                else if (pathType != "ImplementationSpecific" && !path.StartsWith('/'))
                {
                    yield return Cause(FieldError.Invalid($"{at}.path", path, "must be an absolute path"));
                }
            }
        }
    }
}
