using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.Api.Serialization;
using Bosun.ApiServer.Registry;

namespace Bosun.ApiServer.Handlers;

/// <summary>fieldValidation: unknown and duplicate fields are errors (Strict), warnings (Warn) or ignored.</summary>
internal static class FieldValidation
{
    /// <summary>Checks a body (as JSON bytes) against the kind's model.</summary>
    public static void Check(ResourceDefinition resource, ReadOnlySpan<byte> json, WriteContext write)
    {
        if (write.FieldValidation == "Ignore" || resource.ModelType is null)
        {
            return;
        }

        var problems = StrictDecoder.Validate(json, resource.ModelType);
        if (problems.Count == 0)
        {
            return;
        }

        if (write.FieldValidation == "Strict")
        {
            throw ApiException.BadRequest(StrictDecoder.FormatError(problems));
        }

        write.Warnings.AddRange(problems);
    }

    /// <summary>
    /// An apply body, as kube-apiserver checks it: a field the kind does not have fails the apply whatever
    /// fieldValidation says (server-side apply types the configuration against the schema; a plain error,
    /// hence a 500 with an empty reason), and repeated keys are a 400 (Strict) or warnings (Warn) in the YAML
    /// reader's words, whether the body is YAML or JSON.
    /// </summary>
    public static void CheckApplied(ResourceDefinition resource, byte[] patch, bool isJson, JsonObject applied, string ns, string name, WriteContext write)
    {
        if (resource.ModelType is not null)
        {
            var unknown = StrictDecoder.Validate(ObjectJson.ToBytes(applied), resource.ModelType)
                .Where(p => p.StartsWith(UnknownField, StringComparison.Ordinal))
                .Select(p => $".{p[UnknownField.Length..].Trim('"')}: field not declared in schema")
                .ToList();
            if (unknown.Count > 0)
            {
                var gvk = $"{resource.Group}/{resource.Version}, Kind={resource.Kind}";
                var target = ns.Length > 0 ? $"{ns}/{name}; {gvk}" : $"{name}; {gvk}";
                throw new ApiException(500, "", $"failed to create typed patch object ({target}): {string.Join("\n", unknown)}");
            }
        }

        if (write.FieldValidation == "Ignore")
        {
            return;
        }

        // The JSON walk is cheap and finds whether there are any; only then are they worded by the YAML reader.
        var duplicates = new List<string>();
        if (!isJson || StrictDecoder.FindDuplicateFields(patch).Count > 0)
        {
            YamlJson.ToJsonNode(patch, duplicates);
        }

        if (duplicates.Count == 0)
        {
            return;
        }

        if (write.FieldValidation == "Strict")
        {
            throw ApiException.BadRequest(
                $"error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  {string.Join("\n  ", duplicates)}");
        }

        write.Warnings.AddRange(duplicates);
    }

    private const string UnknownField = "unknown field ";
}
