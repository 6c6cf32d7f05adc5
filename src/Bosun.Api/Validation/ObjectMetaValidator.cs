using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Api.Validation;

/// <summary>
/// Kubernetes' generic <c>ObjectMeta</c> validation (k8s.io/apimachinery <c>pkg/api/validation/objectmeta.go</c>)
/// over a JSON <c>metadata</c> object. Errors carry Kubernetes' field paths and texts.
/// </summary>
/// <remarks>
/// Like Kubernetes, this is pure validation: the registry does name generation, system fields and
/// carrying immutable fields over from the stored object (<c>rest.BeforeCreate/BeforeUpdate</c>) first.
/// A value of the wrong JSON type is reported as a <see cref="FieldErrorType.TypeInvalid"/> error.
/// </remarks>
public static class ObjectMetaValidator
{
    /// <summary>The limit on the summed byte length of all annotation keys and values (256 KiB).</summary>
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    /// <summary>Kubernetes' message for a changed immutable field.</summary>
    public const string FieldImmutableErrorMessage = "field is immutable";

    /// <summary>Kubernetes' message for a negative count.</summary>
    public const string IsNegativeErrorMessage = "must be greater than or equal to 0";

    private const string FinalizerOrphanDependents = "orphan";
    private const string FinalizerDeleteDependents = "foregroundDeletion";

    /// <summary>
    /// Validates metadata on create. <paramref name="nameValidator"/> checks a whole name (e.g.
    /// <see cref="NameValidation.IsDns1123Subdomain"/>); a <c>generateName</c> is checked with its trailing
    /// dash masked (<see cref="NameValidation.MaskTrailingDash"/>), as Kubernetes' prefix mode does.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateForCreate(JsonObject metadata, bool namespaced, Func<string, IReadOnlyList<string>> nameValidator)
    {
        ArgumentNullException.ThrowIfNull(nameValidator);
        return ValidateForCreate(metadata, namespaced, (name, prefix) => nameValidator(prefix ? NameValidation.MaskTrailingDash(name) : name));
    }

    /// <summary>
    /// Validates metadata on create with a Kubernetes-style name function (<c>ValidateNameFunc</c>): its second
    /// argument is true for a <c>generateName</c> prefix, e.g. <see cref="NameValidation.NameIsDnsSubdomain"/>.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateForCreate(JsonObject metadata, bool namespaced, Func<string, bool, IReadOnlyList<string>> nameValidator)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(nameValidator);
        var errors = new List<FieldError>();
        var generateName = ReadString(metadata, "generateName", errors);
        if (generateName.Length != 0)
        {
            foreach (var msg in nameValidator(generateName, true))
            {
                errors.Add(FieldError.Invalid("metadata.generateName", generateName, msg));
            }
        }

        var name = ReadString(metadata, "name", errors);
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            foreach (var msg in nameValidator(name, false))
            {
                errors.Add(FieldError.Invalid("metadata.name", name, msg));
            }
        }

        var ns = ReadString(metadata, "namespace", errors);
        if (namespaced)
        {
            if (ns.Length == 0)
            {
                errors.Add(FieldError.Required("metadata.namespace"));
            }
            else
            {
                foreach (var msg in NameValidation.ValidateNamespaceName(ns, false))
                {
                    errors.Add(FieldError.Invalid("metadata.namespace", ns, msg));
                }
            }
        }
        else if (ns.Length != 0)
        {
            errors.Add(FieldError.Forbidden("metadata.namespace", "not allowed on this type"));
        }

        var generation = ReadInt64(metadata, "generation", errors);
        if (generation < 0)
        {
            errors.Add(FieldError.Invalid("metadata.generation", generation, IsNegativeErrorMessage));
        }

        errors.AddRange(ValidateLabels(metadata["labels"], "metadata.labels"));
        errors.AddRange(ValidateAnnotations(metadata["annotations"], "metadata.annotations"));
        errors.AddRange(ValidateOwnerReferences(metadata["ownerReferences"], "metadata.ownerReferences"));
        errors.AddRange(ValidateFinalizers(metadata["finalizers"], "metadata.finalizers"));
        return errors;
    }

    /// <summary>
    /// Validates metadata on update against the stored metadata: no new finalizers while deleting,
    /// <c>resourceVersion</c> present (the registry fills it in for unconditional updates before this, as
    /// Kubernetes does), generation not decremented, name/namespace/uid/creationTimestamp/
    /// deletionTimestamp/deletionGracePeriodSeconds unchanged, labels/annotations/ownerReferences valid.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateForUpdate(JsonObject newMetadata, JsonObject oldMetadata)
    {
        ArgumentNullException.ThrowIfNull(newMetadata);
        ArgumentNullException.ThrowIfNull(oldMetadata);
        var errors = new List<FieldError>();
        var ignored = new List<FieldError>();

        if (oldMetadata["deletionTimestamp"] is not null)
        {
            var oldFinalizers = ReadStringList(oldMetadata["finalizers"], "metadata.finalizers", ignored);
            var extra = ReadStringList(newMetadata["finalizers"], "metadata.finalizers", errors)
                .Except(oldFinalizers, StringComparer.Ordinal)
                .Order(GoText.CodePointComparer)
                .ToList();
            if (extra.Count != 0)
            {
                var list = "[]string{" + string.Join(", ", extra.Select(GoText.Quote)) + "}";
                errors.Add(FieldError.Forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted, found new finalizers " + list));
            }
        }

        var resourceVersion = ReadString(newMetadata, "resourceVersion", errors);
        if (resourceVersion.Length == 0)
        {
            errors.Add(FieldError.Invalid("metadata.resourceVersion", resourceVersion, "must be specified for an update"));
        }

        var newGeneration = ReadInt64(newMetadata, "generation", errors);
        if (newGeneration < ReadInt64(oldMetadata, "generation", ignored))
        {
            errors.Add(FieldError.Invalid("metadata.generation", newGeneration, "must not be decremented"));
        }

        foreach (var field in (string[])["name", "namespace", "uid"])
        {
            var newValue = ReadString(newMetadata, field, errors);
            if (newValue != ReadString(oldMetadata, field, ignored))
            {
                errors.Add(FieldError.Invalid("metadata." + field, newValue, FieldImmutableErrorMessage));
            }
        }

        foreach (var field in (string[])["creationTimestamp", "deletionTimestamp"])
        {
            if (!SameTime(newMetadata[field], oldMetadata[field]))
            {
                errors.Add(FieldError.Invalid("metadata." + field, newMetadata[field]?.DeepClone(), FieldImmutableErrorMessage));
            }
        }

        if (!JsonNode.DeepEquals(newMetadata["deletionGracePeriodSeconds"], oldMetadata["deletionGracePeriodSeconds"]))
        {
            errors.Add(FieldError.Invalid("metadata.deletionGracePeriodSeconds", newMetadata["deletionGracePeriodSeconds"]?.DeepClone(), FieldImmutableErrorMessage));
        }

        errors.AddRange(ValidateLabels(newMetadata["labels"], "metadata.labels"));
        errors.AddRange(ValidateAnnotations(newMetadata["annotations"], "metadata.annotations"));
        errors.AddRange(ValidateOwnerReferences(newMetadata["ownerReferences"], "metadata.ownerReferences"));
        return errors;
    }

    /// <summary>Label keys must be qualified names and values valid label values (errors at <paramref name="fieldPath"/>, not per key).</summary>
    public static IReadOnlyList<FieldError> ValidateLabels(JsonNode? labels, string fieldPath)
    {
        var errors = new List<FieldError>();
        foreach (var (key, value) in ReadStringMap(labels, fieldPath, errors))
        {
            foreach (var msg in NameValidation.IsQualifiedName(key))
            {
                errors.Add(FieldError.Invalid(fieldPath, key, msg));
            }

            foreach (var msg in NameValidation.IsValidLabelValue(value))
            {
                errors.Add(FieldError.Invalid(fieldPath, value, msg));
            }
        }

        return errors;
    }

    /// <summary>Annotation keys must be qualified names (case-insensitively); keys and values together at most 256 KiB.</summary>
    public static IReadOnlyList<FieldError> ValidateAnnotations(JsonNode? annotations, string fieldPath)
    {
        var errors = new List<FieldError>();
        long totalSize = 0;
        foreach (var (key, value) in ReadStringMap(annotations, fieldPath, errors))
        {
            foreach (var msg in NameValidation.IsQualifiedName(key.ToLowerInvariant()))
            {
                errors.Add(FieldError.Invalid(fieldPath, key, msg));
            }

            totalSize += GoText.ByteLength(key) + GoText.ByteLength(value);
        }

        if (totalSize > TotalAnnotationSizeLimitBytes)
        {
            errors.Add(FieldError.TooLong(fieldPath, TotalAnnotationSizeLimitBytes));
        }

        return errors;
    }

    /// <summary>
    /// Each owner reference needs apiVersion (with a version), kind, name and uid; Events cannot own; at most
    /// one reference may be the controller. Errors use <paramref name="fieldPath"/> without an index, as Kubernetes does.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateOwnerReferences(JsonNode? ownerReferences, string fieldPath)
    {
        var errors = new List<FieldError>();
        if (ownerReferences is null)
        {
            return errors;
        }

        if (ownerReferences is not JsonArray array)
        {
            errors.Add(FieldError.TypeInvalid(fieldPath, ownerReferences.DeepClone(), "must be of type array"));
            return errors;
        }

        // Kubernetes echoes the whole list (in its field order) when two references claim to be the controller.
        var references = new List<JsonObject>();
        var fields = new List<(JsonObject Reference, string ApiVersion, string Kind, string Name, string Uid)>();
        foreach (var item in array)
        {
            if (item is not JsonObject reference)
            {
                errors.Add(FieldError.TypeInvalid(fieldPath, item?.DeepClone(), "must be of type object"));
                continue;
            }

            var apiVersion = ReadString(reference, "apiVersion", errors, fieldPath);
            var kind = ReadString(reference, "kind", errors, fieldPath);
            var name = ReadString(reference, "name", errors, fieldPath);
            var uid = ReadString(reference, "uid", errors, fieldPath);
            references.Add(Canonical(reference, apiVersion, kind, name, uid));
            fields.Add((reference, apiVersion, kind, name, uid));
        }

        string? firstController = null;
        for (var i = 0; i < fields.Count; i++)
        {
            var (reference, apiVersion, kind, name, uid) = fields[i];
            var (group, version) = ParseGroupVersion(apiVersion);
            if (version.Length == 0)
            {
                errors.Add(FieldError.Invalid(fieldPath + ".apiVersion", apiVersion, "version must not be empty"));
            }

            if (kind.Length == 0)
            {
                errors.Add(FieldError.Invalid(fieldPath + ".kind", kind, "kind must not be empty"));
            }

            if (name.Length == 0)
            {
                errors.Add(FieldError.Invalid(fieldPath + ".name", name, "name must not be empty"));
            }

            if (uid.Length == 0)
            {
                errors.Add(FieldError.Invalid(fieldPath + ".uid", uid, "uid must not be empty"));
            }

            if (group.Length == 0 && version == "v1" && kind == "Event")
            {
                errors.Add(FieldError.Invalid(fieldPath, references[i], "/v1, Kind=Event is disallowed from being an owner"));
            }

            if (reference["controller"] is JsonValue controller && controller.GetValueKind() == JsonValueKind.True)
            {
                var current = kind + "/" + name;
                if (firstController is null)
                {
                    firstController = current;
                }
                else
                {
                    errors.Add(FieldError.Invalid(fieldPath, references,
                        $"Only one reference can have Controller set to true. Found \"true\" in references for {firstController} and {current}"));
                }
            }
        }

        return errors;
    }

    /// <summary>Finalizers must be qualified names, and <c>orphan</c> and <c>foregroundDeletion</c> exclude each other.</summary>
    public static IReadOnlyList<FieldError> ValidateFinalizers(JsonNode? finalizers, string fieldPath)
    {
        var errors = new List<FieldError>();
        var list = ReadStringList(finalizers, fieldPath, errors);
        foreach (var finalizer in list)
        {
            foreach (var msg in NameValidation.IsQualifiedName(finalizer))
            {
                errors.Add(FieldError.Invalid(fieldPath, finalizer, msg));
            }
        }

        if (list.Contains(FinalizerOrphanDependents) && list.Contains(FinalizerDeleteDependents))
        {
            errors.Add(FieldError.Invalid(fieldPath, list,
                $"finalizer {FinalizerOrphanDependents} and {FinalizerDeleteDependents} cannot be both set"));
        }

        return errors;
    }

    // schema.ParseGroupVersion: "" and "v1" are the core group; "a/b" splits; more slashes are an error.
    private static (string Group, string Version) ParseGroupVersion(string apiVersion)
    {
        if (apiVersion.Length == 0 || apiVersion == "/")
        {
            return ("", "");
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return ("", apiVersion);
        }

        return apiVersion.IndexOf('/', slash + 1) >= 0 ? ("", "") : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    // An owner reference with Go's field order, for echoing it in an error.
    private static JsonObject Canonical(JsonObject reference, string apiVersion, string kind, string name, string uid)
    {
        var canonical = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["name"] = name,
            ["uid"] = uid,
        };
        foreach (var flag in (string[])["controller", "blockOwnerDeletion"])
        {
            if (reference[flag] is { } value)
            {
                canonical[flag] = value.DeepClone();
            }
        }

        return canonical;
    }

    private static bool SameTime(JsonNode? a, JsonNode? b)
    {
        if (JsonNode.DeepEquals(a, b))
        {
            return true;
        }

        // metav1.Time compares instants, so equal times written differently are the same.
        return a is JsonValue va && b is JsonValue vb
            && va.GetValueKind() == JsonValueKind.String && vb.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(va.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ta)
            && DateTimeOffset.TryParse(vb.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var tb)
            && ta == tb;
    }

    private static string ReadString(JsonObject obj, string property, List<FieldError> errors, string parentPath = "metadata")
    {
        var node = obj[property];
        if (node is null)
        {
            return "";
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        errors.Add(FieldError.TypeInvalid(parentPath + "." + property, node.DeepClone(), "must be of type string"));
        return "";
    }

    private static long ReadInt64(JsonObject obj, string property, List<FieldError> errors)
    {
        var node = obj[property];
        if (node is null)
        {
            return 0;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(FieldError.TypeInvalid("metadata." + property, node.DeepClone(), "must be of type int64"));
        return 0;
    }

    private static List<string> ReadStringList(JsonNode? node, string fieldPath, List<FieldError> errors)
    {
        var list = new List<string>();
        if (node is null)
        {
            return list;
        }

        if (node is not JsonArray array)
        {
            errors.Add(FieldError.TypeInvalid(fieldPath, node.DeepClone(), "must be of type array"));
            return list;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                list.Add(value.GetValue<string>());
            }
            else
            {
                errors.Add(FieldError.TypeInvalid($"{fieldPath}[{i}]", array[i]?.DeepClone(), "must be of type string"));
            }
        }

        return list;
    }

    private static List<KeyValuePair<string, string>> ReadStringMap(JsonNode? node, string fieldPath, List<FieldError> errors)
    {
        var map = new List<KeyValuePair<string, string>>();
        if (node is null)
        {
            return map;
        }

        if (node is not JsonObject obj)
        {
            errors.Add(FieldError.TypeInvalid(fieldPath, node.DeepClone(), "must be of type object"));
            return map;
        }

        foreach (var (key, value) in obj)
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                map.Add(new(key, v.GetValue<string>()));
            }
            else
            {
                errors.Add(FieldError.TypeInvalid($"{fieldPath}[{key}]", value?.DeepClone(), "must be of type string"));
            }
        }

        return map;
    }
}
