using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Api.Quantities;
using Bosun.Api.Validation;

namespace Bosun.Api.Strategies;

/// <summary>
/// Kubernetes' pod spec validation (pkg/apis/core/validation: ValidatePodSpec and its container, port,
/// volume and resource checks), for pods and pod templates alike, with Kubernetes' field paths and words.
/// </summary>
public static class PodValidation
{
    /// <summary>The restart policies in the order Kubernetes lists them.</summary>
    public static IReadOnlyList<string> RestartPolicies { get; } = ["Always", "OnFailure", "Never"];

    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] DnsPolicies = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];

    /// <summary>The errors of the pod spec <paramref name="spec"/> found at <paramref name="path"/> (e.g. <c>spec.template.spec</c>).</summary>
    public static IEnumerable<FieldError> Spec(JsonObject? spec, string path)
    {
        spec ??= [];
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        var volumeList = spec["volumes"] as JsonArray ?? [];
        for (var i = 0; i < volumeList.Count; i++)
        {
            var name = Text(volumeList[i]?["name"]) ?? "";
            var at = $"{path}.volumes[{i}].name";
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required(at));
                continue;
            }

            errors.AddRange(NameValidation.IsDns1123Label(name).Select(m => FieldError.Invalid(at, name, m)));
            if (!volumes.Add(name))
            {
                errors.Add(FieldError.Duplicate(at, name));
            }
        }

        if (spec["containers"] is not JsonArray { Count: > 0 } containers)
        {
            errors.Add(FieldError.Required($"{path}.containers"));
        }
        else
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            errors.AddRange(Containers(spec["initContainers"] as JsonArray, $"{path}.initContainers", names, volumes));
            errors.AddRange(Containers(containers, $"{path}.containers", names, volumes));
        }

        var restartPolicy = Text(spec["restartPolicy"]) ?? "";
        if (restartPolicy.Length == 0)
        {
            errors.Add(FieldError.Required($"{path}.restartPolicy"));
        }
        else if (!RestartPolicies.Contains(restartPolicy))
        {
            errors.Add(FieldError.NotSupported($"{path}.restartPolicy", restartPolicy, RestartPolicies));
        }

        if (Text(spec["dnsPolicy"]) is { } dnsPolicy && !DnsPolicies.Contains(dnsPolicy))
        {
            errors.Add(FieldError.NotSupported($"{path}.dnsPolicy", dnsPolicy, DnsPolicies));
        }

        foreach (var field in new[] { "terminationGracePeriodSeconds", "activeDeadlineSeconds" })
        {
            if (spec[field] is JsonValue v && v.TryGetValue<long>(out var seconds) && seconds < (field == "activeDeadlineSeconds" ? 1 : 0))
            {
                errors.Add(FieldError.Invalid($"{path}.{field}", seconds, field == "activeDeadlineSeconds"
                    ? "must be between 1 and 2147483647, inclusive"
                    : "must be greater than or equal to 0"));
            }
        }

        return errors;
    }

    /// <summary>Kubernetes' ValidatePortNumOrName: a number in 1-65535 or an IANA_SVC_NAME.</summary>
    public static IEnumerable<FieldError> PortNumOrName(JsonNode? port, string path)
    {
        if (port is null)
        {
            yield break;
        }

        if (port.GetValueKind() == JsonValueKind.Number)
        {
            var number = port.AsValue().TryGetValue<long>(out var n) ? n : 0;
            if (number is < 1 or > 65535)
            {
                yield return FieldError.Invalid(path, number, "must be between 1 and 65535, inclusive");
            }
        }
        else if (Text(port) is { } name)
        {
            foreach (var message in PortName(name))
            {
                yield return FieldError.Invalid(path, name, message);
            }
        }
    }

    /// <summary>Kubernetes' IsValidPortName (IANA_SVC_NAME) messages.</summary>
    public static IEnumerable<string> PortName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 15)
        {
            yield return NameValidation.MaxLenError(15);
        }

        if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            yield return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
        }

        if (!name.Any(c => c is >= 'a' and <= 'z'))
        {
            yield return "must contain at least one letter (a-z)";
        }

        if (name.Contains("--", StringComparison.Ordinal))
        {
            yield return "must not contain consecutive hyphens (--)";
        }

        if (name.Length > 0 && (name[0] == '-' || name[^1] == '-'))
        {
            yield return "must not begin or end with a hyphen (-)";
        }
    }

    private static IEnumerable<FieldError> Containers(JsonArray? containers, string path, HashSet<string> names, HashSet<string> volumes)
    {
        if (containers is null)
        {
            yield break;
        }

        var portNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (containers[i] is not JsonObject c)
            {
                yield return FieldError.Required(at);
                continue;
            }

            var name = Text(c["name"]) ?? "";
            if (name.Length == 0)
            {
                yield return FieldError.Required($"{at}.name");
            }
            else
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

            if ((Text(c["image"]) ?? "").Trim().Length == 0)
            {
                yield return FieldError.Required($"{at}.image");
            }

            if (Text(c["imagePullPolicy"]) is { } pull && !PullPolicies.Contains(pull))
            {
                yield return FieldError.NotSupported($"{at}.imagePullPolicy", pull, PullPolicies);
            }

            foreach (var error in Ports(c["ports"] as JsonArray, $"{at}.ports", portNames))
            {
                yield return error;
            }

            foreach (var error in VolumeMounts(c["volumeMounts"] as JsonArray, $"{at}.volumeMounts", volumes))
            {
                yield return error;
            }

            foreach (var error in Resources(c["resources"] as JsonObject, $"{at}.resources"))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<FieldError> Ports(JsonArray? ports, string path, HashSet<string> names)
    {
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var at = $"{path}[{i}]";
            var port = ports![i] as JsonObject ?? [];
            var name = Text(port["name"]) ?? "";
            if (name.Length > 0)
            {
                foreach (var message in PortName(name))
                {
                    yield return FieldError.Invalid($"{at}.name", name, message);
                }

                if (!names.Add(name))
                {
                    yield return FieldError.Duplicate($"{at}.name", name);
                }
            }

            var containerPort = Number(port["containerPort"]);
            if (containerPort == 0)
            {
                yield return FieldError.Required($"{at}.containerPort");
            }
            else if (containerPort is < 1 or > 65535)
            {
                yield return FieldError.Invalid($"{at}.containerPort", containerPort, "must be between 1 and 65535, inclusive");
            }

            var hostPort = Number(port["hostPort"]);
            if (hostPort != 0 && hostPort is < 1 or > 65535)
            {
                yield return FieldError.Invalid($"{at}.hostPort", hostPort, "must be between 1 and 65535, inclusive");
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
        }
    }

    private static IEnumerable<FieldError> VolumeMounts(JsonArray? mounts, string path, HashSet<string> volumes)
    {
        for (var i = 0; i < (mounts?.Count ?? 0); i++)
        {
            var at = $"{path}[{i}]";
            var name = Text(mounts![i]?["name"]) ?? "";
            if (name.Length == 0)
            {
                yield return FieldError.Required($"{at}.name");
            }
            else if (!volumes.Contains(name))
            {
                yield return FieldError.NotFound($"{at}.name", name);
            }

            if ((Text(mounts[i]?["mountPath"]) ?? "").Length == 0)
            {
                yield return FieldError.Required($"{at}.mountPath");
            }
        }
    }

    private static IEnumerable<FieldError> Resources(JsonObject? resources, string path)
    {
        var limits = Quantities(resources?["limits"]);
        var requests = Quantities(resources?["requests"]);
        foreach (var (list, values) in new[] { ("limits", limits), ("requests", requests) })
        {
            foreach (var (name, quantity) in values)
            {
                if (quantity.Nanos.Sign < 0)
                {
                    yield return FieldError.Invalid($"{path}.{list}[{name}]", quantity.ToString(), "must be greater than or equal to 0");
                }
            }
        }

        foreach (var (name, request) in requests)
        {
            if (!limits.TryGetValue(name, out var limit))
            {
                continue;
            }

            // Extended resources (anything outside kubernetes.io) and hugepages cannot be overcommitted.
            var native = !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);
            var overcommit = native && !name.StartsWith("hugepages-", StringComparison.Ordinal);
            if (!overcommit && request != limit)
            {
                yield return FieldError.Invalid($"{path}.requests", request.ToString(), $"must be equal to {name} limit of {limit}");
            }
            else if (request > limit)
            {
                yield return FieldError.Invalid($"{path}.requests", request.ToString(), $"must be less than or equal to {name} limit of {limit}");
            }
        }
    }

    private static Dictionary<string, Quantity> Quantities(JsonNode? list)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (name, value) in list as JsonObject ?? [])
        {
            if (Text(value) is { } text && Quantity.TryParse(text, out var quantity, out _))
            {
                result[name] = quantity!;
            }
        }

        return result;
    }

    private static long Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
}
