using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Validation;

namespace Bosun.Api.Strategies;

/// <summary>
/// Nodes: the agent may set status on create; spec.unschedulable is selectable; spec.podCIDR(s) are valid CIDRs,
/// one per IP family, and once set never change (routes and pod addresses on the node depend on them).
/// </summary>
public sealed class NodeStrategy : ResourceStrategy
{
    public static readonly NodeStrategy Instance = new();

    private const string PodCidrsImmutable = "node updates may not change podCIDR except from \"\" to valid";

    public override IReadOnlyDictionary<string, string> SelectableFields { get; } = new Dictionary<string, string>
    {
        ["spec.unschedulable"] = "false",
    };

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        // Nodes allow every field, status included, to be set on create.
    }

    /// <summary>
    /// podCIDR and podCIDRs are one field in Kubernetes' internal node: podCIDR alone fills podCIDRs, and podCIDRs
    /// decides podCIDR (its first entry), as converting through the internal version does.
    /// </summary>
    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["spec"] is not JsonObject spec)
            return;
        if (spec["podCIDRs"] is JsonArray { Count: > 0 } list && Text(list[0]) is { } first)
            spec["podCIDR"] = first;
        else if (Text(spec["podCIDR"]) is { Length: > 0 } single)
            spec["podCIDRs"] = new JsonArray(single);
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Errors(obj).Select(Cause);

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = Errors(obj).ToList();
        var before = PodCidrs(old);
        if (before.Count > 0 && !before.SequenceEqual(PodCidrs(obj), StringComparer.Ordinal))
            errors.Add(FieldError.Forbidden("spec.podCIDRs", PodCidrsImmutable));
        return errors.Select(Cause);
    }

    private static IEnumerable<FieldError> Errors(JsonObject obj)
    {
        var cidrs = PodCidrs(obj);
        var families = new List<AddressFamily>();
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (Family(cidrs[i]) is { } family)
                families.Add(family);
            else
                yield return FieldError.Invalid($"spec.podCIDRs[{i}]", cidrs[i], "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
        }

        if (cidrs.Count > 1 && (cidrs.Count > 2 || families.Distinct().Count() != families.Count))
            yield return FieldError.Invalid("spec.podCIDRs", new JsonArray([.. cidrs.Select(c => (JsonNode)JsonValue.Create(c))]), "may specify no more than one CIDR for each IP family");
    }

    private static List<string> PodCidrs(JsonObject obj) =>
        obj["spec"]?["podCIDRs"] is JsonArray list ? [.. list.Select(n => Text(n) ?? "")] : [];

    /// <summary>The family of a CIDR as Go's ParseCIDR reads it (host bits allowed), or null when it is not one.</summary>
    private static AddressFamily? Family(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !IPAddress.TryParse(cidr[..slash], out var address)
            || !int.TryParse(cidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
            return null;
        return address.AddressFamily switch
        {
            // IPAddress takes "10.1" as shorthand; Go wants the four parts.
            AddressFamily.InterNetwork when prefix <= 32 && cidr[..slash].Count(c => c == '.') == 3 => AddressFamily.InterNetwork,
            AddressFamily.InterNetworkV6 when prefix <= 128 && !cidr[..slash].Contains('%', StringComparison.Ordinal) => AddressFamily.InterNetworkV6,
            _ => null,
        };
    }
}
