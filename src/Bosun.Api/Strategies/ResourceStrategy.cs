using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Quantities;
using Bosun.Api.Validation;

namespace Bosun.Api.Strategies;

/// <summary>
/// Per-kind behaviour of the generic registry, in the spirit of Kubernetes' <c>pkg/registry/*/strategy.go</c>:
/// what create and update reset, default and validate. The base class is the behaviour of a plain kind.
/// </summary>
public class ResourceStrategy
{
    /// <summary>The behaviour of kinds without special rules.</summary>
    public static readonly ResourceStrategy Default = new();

    /// <summary>Rule for metadata.name.</summary>
    public virtual NameRule NameRule => NameRule.Dns1123Subdomain;

    /// <summary>True for kinds whose metadata.generation starts at 1 and increases on spec changes.</summary>
    public virtual bool TracksGeneration => false;

    /// <summary>True when PUT of a missing object creates it (events, endpoints, leases...).</summary>
    public virtual bool AllowCreateOnUpdate => false;

    /// <summary>True when PUT without a resourceVersion is allowed (last write wins).</summary>
    public virtual bool AllowUnconditionalUpdate => true;

    /// <summary>True when DELETE answers with the deleted object rather than a Success Status.</summary>
    public virtual bool ReturnDeletedObject => false;

    /// <summary>
    /// Field-selector fields beyond metadata.name and metadata.namespace, with the value used when the
    /// object lacks the field.
    /// </summary>
    public virtual IReadOnlyDictionary<string, string> SelectableFields { get; } = new Dictionary<string, string>();

    /// <summary>Fills Kubernetes' defaults into unset fields (on every create and update, as decoding does there).</summary>
    public virtual void ApplyDefaults(JsonObject obj)
    {
    }

    /// <summary>Resets and defaults what a create may not set; <paramref name="hasStatus"/> tells whether status is a subresource.</summary>
    public virtual void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (hasStatus)
        {
            obj["status"] = new JsonObject();
        }
    }

    /// <summary>Keeps what an update of the main resource may not change (status when it is a subresource).</summary>
    public virtual void PrepareForUpdate(JsonObject obj, JsonObject old, bool hasStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        if (hasStatus)
        {
            CopyMember(old, obj, "status");
        }
    }

    /// <summary>
    /// The grace period of a delete: Kubernetes deletes most kinds at once (0); pods wait for their node.
    /// </summary>
    public virtual long GracePeriodSeconds(JsonObject obj, long? requested) => 0;

    /// <summary>True when the object holds its own deletion back beyond metadata.finalizers (namespaces' spec.finalizers).</summary>
    public virtual bool HasPendingFinalization(JsonObject obj) => false;

    /// <summary>Called when a delete marks the object with a deletionTimestamp instead of removing it.</summary>
    public virtual void OnDeletionStarted(JsonObject obj)
    {
    }

    /// <summary>Kind-specific validation of a new object.</summary>
    public virtual IEnumerable<StatusCause> Validate(JsonObject obj) => [];

    /// <summary>Kind-specific validation of an update (immutable fields and the like).</summary>
    public virtual IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old) => Validate(obj);

    /// <summary>True when the update changed what bumps generation (everything but metadata and status).</summary>
    public virtual bool SpecChanged(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var names = obj.Select(p => p.Key).Concat(old.Select(p => p.Key)).Distinct();
        foreach (var name in names)
        {
            if (name is "metadata" or "status" or "apiVersion" or "kind")
            {
                continue;
            }

            if (!JsonNode.DeepEquals(obj[name], old[name]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Copies (or removes, when absent in <paramref name="from"/>) one top-level member.</summary>
    protected static void CopyMember(JsonObject from, JsonObject to, string name)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from[name] is { } value)
        {
            to[name] = value.DeepClone();
        }
        else
        {
            to.Remove(name);
        }
    }

    /// <summary>
    /// Runs defaulting that reads quantities; a malformed one is a 400, worded as Kubernetes' decoder words it
    /// (<c>Pod in version "v1" cannot be handled as a Pod: quantities must match ...</c>).
    /// </summary>
    protected static void Decoding(JsonObject obj, Action defaulting)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(defaulting);
        try
        {
            defaulting();
        }
        catch (QuantityFormatException e)
        {
            var kind = obj["kind"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? obj["kind"]!.GetValue<string>() : "";
            var apiVersion = obj["apiVersion"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? obj["apiVersion"]!.GetValue<string>() : "";
            var version = apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..];
            throw ApiException.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {e.Message}");
        }
    }

    /// <summary>The string at <paramref name="node"/>, or <see langword="null"/> when it is absent or not a string.</summary>
    protected static string? Text(JsonNode? node) =>
        node?.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : null;

    /// <summary>A field error as the cause of a 422.</summary>
    protected static StatusCause Cause(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error.Type, error.ErrorBody(), error.Field);
    }

    /// <summary>A required-value cause.</summary>
    protected static StatusCause Required(string field, string detail = "") =>
        new("FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}", field);

    /// <summary>An invalid-value cause, worded like Kubernetes' field.Invalid.</summary>
    protected static StatusCause Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", $"Invalid value: \"{value}\": {detail}", field);
}
