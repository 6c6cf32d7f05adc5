using System.Text.Json.Nodes;
using Bosun.Api.Objects;

namespace Bosun.Api.Conversion;

/// <summary>
/// Converts objects between a served version and the version its objects are stored in, when a
/// resource is a view of another version's objects (autoscaling/v1 HPAs of autoscaling/v2 storage,
/// events.k8s.io/v1 Events of core Events). Kubernetes converts through an internal version; we
/// convert the JSON directly, in both directions, with the same field mapping.
/// </summary>
public abstract class VersionConverter
{
    /// <summary>Group of the storage version ("" for core).</summary>
    public abstract string StorageGroup { get; }

    /// <summary>apiVersion of the storage version, e.g. <c>autoscaling/v2</c>.</summary>
    public abstract string StorageApiVersion { get; }

    /// <summary>apiVersion of the served version, e.g. <c>autoscaling/v1</c>.</summary>
    public abstract string ServedApiVersion { get; }

    /// <summary>The served-version object <paramref name="served"/> in the storage version (a new object).</summary>
    public JsonObject ToStorage(JsonObject served)
    {
        ArgumentNullException.ThrowIfNull(served);
        var stored = Convert(served, toStorage: true);
        stored["apiVersion"] = StorageApiVersion;
        return stored;
    }

    /// <summary>The stored object <paramref name="stored"/> in the served version (a new object).</summary>
    public JsonObject FromStorage(JsonObject stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var served = Convert(stored, toStorage: false);
        served["apiVersion"] = ServedApiVersion;
        return served;
    }

    /// <summary>Stored bytes (stored form, no resourceVersion) in the served version, in stored form.</summary>
    public byte[] FromStorage(ReadOnlySpan<byte> stored) => ObjectJson.ToStored(FromStorage(ObjectJson.ParseObject(stored)));

    /// <summary>
    /// The conversion itself, on a deep copy of <paramref name="source"/> that it may change and return;
    /// apiVersion is set by the caller.
    /// </summary>
    protected abstract JsonObject Convert(JsonObject source, bool toStorage);

    /// <summary>Moves a property (if present) to another name.</summary>
    protected static void Rename(JsonObject obj, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.Remove(from, out var value) && value is not null)
        {
            obj[to] = value;
        }
    }
}
