using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.Deployment;

/// <summary>
/// The pod-template-hash of a Deployment's ReplicaSets (upstream's controller.ComputeHash): FNV-1a 32 over the
/// template and the collision count, written with the alphabet of rand.SafeEncodeString (no vowels, so no words,
/// and always a valid label value). The template is hashed in a canonical JSON form (keys sorted, nulls and empty
/// collections dropped), so the value is stable across processes; it is not byte-identical to upstream's.
/// </summary>
internal static class PodTemplateHash
{
    /// <summary>The label (and selector) key.</summary>
    public const string LabelKey = "pod-template-hash";

    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The hash of <paramref name="template"/> with <paramref name="collisionCount"/> mixed in when set.</summary>
    public static string Compute(V1PodTemplateSpec template, int? collisionCount)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(Canonical(template)))
        {
            hash = (hash ^ b) * 16777619u;
        }

        if (collisionCount is { } count)
        {
            foreach (var b in BitConverter.GetBytes((uint)count))
            {
                hash = (hash ^ b) * 16777619u;
            }
        }

        var digits = hash.ToString(CultureInfo.InvariantCulture);
        var encoded = new StringBuilder(digits.Length);
        foreach (var c in digits)
        {
            encoded.Append(Alphabet[c % Alphabet.Length]);
        }

        return encoded.ToString();
    }

    /// <summary>True when the templates are equal once the pod-template-hash label is ignored (upstream's EqualIgnoreHash).</summary>
    public static bool EqualIgnoringHash(V1PodTemplateSpec? a, V1PodTemplateSpec? b) =>
        a is not null && b is not null && Canonical(a) == Canonical(b);

    /// <summary>Sorted-key JSON of a template without its hash label.</summary>
    internal static string Canonical(V1PodTemplateSpec template)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(template));
        if (node?["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(LabelKey);
        }

        return Normalize(node)?.ToJsonString() ?? "null";
    }

    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Select(p => (p.Key, Value: Normalize(p.Value)))
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Aggregate(new JsonObject(), (o, p) => { o[p.Key] = p.Value; return o; }) is { Count: > 0 } o ? o : null,
        JsonArray array => array.Select(Normalize).Where(v => v is not null).ToList() is { Count: > 0 } items ? new JsonArray([.. items]) : null,
        null => null,
        _ => node.DeepClone(),
    };
}
