using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Validation;

namespace Bosun.Api.Strategies;

/// <summary>
/// Services: RFC 1035 label names; Kubernetes' defaults (SetDefaults_Service, plus the IP families the
/// allocator records; cluster IPs and node ports are not allocated here) and port validation.
/// </summary>
public sealed class ServiceStrategy : ResourceStrategy
{
    public static readonly ServiceStrategy Instance = new();

    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] Affinities = ["ClientIP", "None"];
    private static readonly string[] FamilyPolicies = ["PreferDualStack", "RequireDualStack", "SingleStack"];
    private static readonly string[] TrafficPolicies = ["Cluster", "Local"];

    public override NameRule NameRule => NameRule.Dns1035Label;

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, bool hasStatus)
    {
        base.PrepareForUpdate(obj, old, hasStatus);
        if (obj["spec"] is not JsonObject spec || old["spec"] is not JsonObject oldSpec)
        {
            return;
        }

        // An update that leaves the allocated cluster IP out keeps it, as Kubernetes' patchAllocatedValues does.
        var type = Text(spec["type"]);
        if (type != "ExternalName" && Text(oldSpec["type"]) != "ExternalName" && spec["clusterIP"] is null && oldSpec["clusterIP"] is { } ip)
        {
            spec["clusterIP"] = ip.DeepClone();
            spec["clusterIPs"] = oldSpec["clusterIPs"]?.DeepClone();
        }

        // Fields only some types use are dropped when the type changes away from them and they were not edited.
        if (type is not ("NodePort" or "LoadBalancer") && JsonNode.DeepEquals(spec["externalTrafficPolicy"], oldSpec["externalTrafficPolicy"]))
        {
            spec.Remove("externalTrafficPolicy");
        }

        if (type != "LoadBalancer" && JsonNode.DeepEquals(spec["allocateLoadBalancerNodePorts"], oldSpec["allocateLoadBalancerNodePorts"]))
        {
            spec.Remove("allocateLoadBalancerNodePorts");
        }
    }

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        var type = Text(spec["type"]);
        foreach (var port in PodSpecDefaults.Items(spec["ports"]))
        {
            port["protocol"] ??= "TCP";
            if (port["targetPort"] is null && port["port"] is { } number)
            {
                port["targetPort"] = number.DeepClone();
            }
        }

        if (Text(spec["sessionAffinity"]) == "ClientIP")
        {
            var config = spec["sessionAffinityConfig"] as JsonObject ?? [];
            spec["sessionAffinityConfig"] = config;
            var clientIP = config["clientIP"] as JsonObject ?? [];
            config["clientIP"] = clientIP;
            clientIP["timeoutSeconds"] ??= 10800;
        }

        if (type is "NodePort" or "LoadBalancer")
        {
            spec["externalTrafficPolicy"] ??= "Cluster";
        }

        if (type == "LoadBalancer")
        {
            spec["allocateLoadBalancerNodePorts"] ??= true;
        }

        if (type == "ExternalName")
        {
            return;
        }

        spec["internalTrafficPolicy"] ??= "Cluster";
        if (spec["clusterIP"] is { } clusterIP && spec["clusterIPs"] is null)
        {
            spec["clusterIPs"] = new JsonArray(clusterIP.DeepClone());
        }
        else if (spec["clusterIP"] is null && spec["clusterIPs"] is JsonArray { Count: > 0 } ips)
        {
            spec["clusterIP"] = ips[0]?.DeepClone();
        }

        // A headless service without a selector gets every family (Kubernetes' allocator); others one.
        var selectorless = Text(spec["clusterIP"]) == "None" && spec["selector"] is not JsonObject { Count: > 0 };
        var families = spec["ipFamilies"] as JsonArray;
        if (spec["ipFamilyPolicy"] is null)
        {
            spec["ipFamilyPolicy"] = selectorless || families?.Count == 2 ? "RequireDualStack" : "SingleStack";
        }

        if (families is not { Count: > 0 })
        {
            families = ["IPv4"];
            spec["ipFamilies"] = families;
        }

        if (selectorless && families.Count == 1 && Text(spec["ipFamilyPolicy"]) != "SingleStack")
        {
            families.Add(Text(families[0]) == "IPv6" ? "IPv4" : "IPv6");
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Errors(obj).Select(Cause);
    }

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = Errors(obj).ToList();
        var type = Text(obj["spec"]?["type"]);
        var oldType = Text(old["spec"]?["type"]);
        var oldIP = Text(old["spec"]?["clusterIP"]) ?? "";
        var newIP = Text(obj["spec"]?["clusterIP"]) ?? "";
        if (type != "ExternalName" && oldType != "ExternalName" && oldIP.Length > 0 && newIP != oldIP)
        {
            errors.Add(FieldError.Invalid("spec.clusterIP", newIP, "field is immutable"));
        }

        return errors.Select(Cause);
    }

    private static IEnumerable<FieldError> Errors(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject ?? [];
        var type = Text(spec["type"]) ?? "ClusterIP";
        var headless = Text(spec["clusterIP"]) == "None";
        if (!Types.Contains(type))
        {
            yield return FieldError.NotSupported("spec.type", type, Types);
        }

        if (type == "ExternalName" && string.IsNullOrEmpty(Text(spec["externalName"])))
        {
            yield return FieldError.Required("spec.externalName");
        }

        if (Text(spec["sessionAffinity"]) is { } affinity && !Affinities.Contains(affinity))
        {
            yield return FieldError.NotSupported("spec.sessionAffinity", affinity, Affinities);
        }

        if (Text(spec["ipFamilyPolicy"]) is { } policy && !FamilyPolicies.Contains(policy))
        {
            yield return FieldError.NotSupported("spec.ipFamilyPolicy", policy, FamilyPolicies);
        }

        foreach (var field in new[] { "externalTrafficPolicy", "internalTrafficPolicy" })
        {
            if (Text(spec[field]) is { } traffic && !TrafficPolicies.Contains(traffic))
            {
                yield return FieldError.NotSupported($"spec.{field}", traffic, TrafficPolicies);
            }
        }

        var ports = spec["ports"] as JsonArray ?? [];
        if (ports.Count == 0 && !headless && type != "ExternalName")
        {
            yield return FieldError.Required("spec.ports");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<(string, long)>();
        for (var i = 0; i < ports.Count; i++)
        {
            var at = $"spec.ports[{i}]";
            var port = ports[i] as JsonObject ?? [];
            var name = Text(port["name"]) ?? "";
            if (ports.Count > 1 && name.Length == 0)
            {
                yield return FieldError.Required($"{at}.name");
            }
            else if (name.Length > 0)
            {
                foreach (var message in NameValidation.IsDns1123Label(name))
                {
                    yield return FieldError.Invalid($"{at}.name", name, message);
                }

                if (!names.Add(name))
                {
                    yield return FieldError.Duplicate($"{at}.name", name);
                }
            }

            var number = port["port"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
            if (number is < 1 or > 65535)
            {
                yield return FieldError.Invalid($"{at}.port", number, "must be between 1 and 65535, inclusive");
            }

            var protocol = Text(port["protocol"]) ?? "";
            if (protocol.Length == 0)
            {
                yield return FieldError.Required($"{at}.protocol");
            }
            else if (!Protocols.Contains(protocol))
            {
                yield return FieldError.NotSupported($"{at}.protocol", protocol, Protocols);
            }

            foreach (var error in PodValidation.PortNumOrName(port["targetPort"], $"{at}.targetPort"))
            {
                yield return error;
            }

            if (!keys.Add((protocol, number)))
            {
                yield return FieldError.Duplicate(at, new GoValue(
                    $"core.ServicePort{{Name:\"\", Protocol:\"{protocol}\", AppProtocol:(*string)(nil), Port:{number.ToString(CultureInfo.InvariantCulture)}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}"));
            }
        }
    }
}
