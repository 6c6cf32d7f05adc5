using System.Globalization;
using System.Net;
using System.Text;
using Bosun.Node.Cri;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Node.Pods;

/// <summary>Why a container cannot be created yet (the kubelet's CreateContainerConfigError).</summary>
public sealed class ContainerConfigException(string message) : Exception(message);

/// <summary>
/// A container's environment as the kubelet's makeEnvironmentVariables builds it: envFrom sources (with prefix),
/// then env entries (value with $(VAR) expansion, or valueFrom configMapKeyRef, secretKeyRef, fieldRef,
/// resourceFieldRef). A missing required ConfigMap/Secret/key fails with the kubelet's message.
/// </summary>
public sealed class EnvironmentResolver
{
    private readonly IKubernetes _client;

    public EnvironmentResolver(IKubernetes client) => _client = client;

    /// <summary>The resolved variables in kubelet order (a later definition replaces an earlier one in place).</summary>
    public async Task<IReadOnlyList<KeyValue>> ResolveAsync(V1Pod pod, V1Container container, NodeAllocatable allocatable, IReadOnlyDictionary<string, string>? serviceVariables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        var ns = pod.Metadata.NamespaceProperty;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        void Set(string name, string value)
        {
            if (!values.ContainsKey(name))
            {
                order.Add(name);
            }

            values[name] = value;
        }

        foreach (var source in container.EnvFrom ?? [])
        {
            IDictionary<string, string>? data = null;
            if (source.ConfigMapRef is { } configMapRef)
            {
                var configMap = await ReadConfigMapAsync(ns, configMapRef.Name, configMapRef.Optional == true, cancellationToken).ConfigureAwait(false);
                data = configMap?.Data;
            }
            else if (source.SecretRef is { } secretRef)
            {
                var secret = await ReadSecretAsync(ns, secretRef.Name, secretRef.Optional == true, cancellationToken).ConfigureAwait(false);
                data = secret?.Data?.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(kv.Value), StringComparer.Ordinal);
            }

            foreach (var (key, value) in data ?? new Dictionary<string, string>())
            {
                Set((source.Prefix ?? "") + key, value);
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            if (variable.ValueFrom is null)
            {
                Set(variable.Name, Expand(variable.Value ?? "", values, serviceVariables));
                continue;
            }

            var value = await ValueFromAsync(pod, container, variable.ValueFrom, allocatable, cancellationToken).ConfigureAwait(false);
            if (value is not null)
            {
                Set(variable.Name, value);
            }
        }

        foreach (var (name, value) in serviceVariables ?? new Dictionary<string, string>())
        {
            if (!values.ContainsKey(name))
            {
                Set(name, value);
            }
        }

        return order.Select(name => new KeyValue { Key = name, Value = values[name] }).ToList();
    }

    /// <summary>$(VAR) expansion as Kubernetes does it: $$ escapes, unknown references stay as written.</summary>
    public static string Expand(string input, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string>? more = null)
    {
        var output = new StringBuilder();
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                output.Append(input[i]);
                continue;
            }

            var next = input[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i++;
            }
            else if (next == '(')
            {
                var end = input.IndexOf(')', i + 2);
                if (end < 0)
                {
                    output.Append(input, i, input.Length - i);
                    break;
                }

                var name = input[(i + 2)..end];
                if (values.TryGetValue(name, out var value) || (more is not null && more.TryGetValue(name, out value)))
                {
                    output.Append(value);
                }
                else
                {
                    output.Append(input, i, end - i + 1);
                }

                i = end;
            }
            else
            {
                output.Append('$');
            }
        }

        return output.ToString();
    }

    private async Task<string?> ValueFromAsync(V1Pod pod, V1Container container, V1EnvVarSource source, NodeAllocatable allocatable, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty;
        if (source.ConfigMapKeyRef is { } configMapKey)
        {
            var optional = configMapKey.Optional == true;
            var configMap = await ReadConfigMapAsync(ns, configMapKey.Name, optional, cancellationToken).ConfigureAwait(false);
            if (configMap?.Data?.TryGetValue(configMapKey.Key, out var value) == true)
            {
                return value;
            }

            return configMap is null || optional ? null : throw new ContainerConfigException($"couldn't find key {configMapKey.Key} in ConfigMap {ns}/{configMapKey.Name}");
        }

        if (source.SecretKeyRef is { } secretKey)
        {
            var optional = secretKey.Optional == true;
            var secret = await ReadSecretAsync(ns, secretKey.Name, optional, cancellationToken).ConfigureAwait(false);
            if (secret?.Data?.TryGetValue(secretKey.Key, out var bytes) == true)
            {
                return Encoding.UTF8.GetString(bytes);
            }

            return secret is null || optional ? null : throw new ContainerConfigException($"couldn't find key {secretKey.Key} in Secret {ns}/{secretKey.Name}");
        }

        if (source.FieldRef is { } field)
        {
            return FieldValue(pod, field.FieldPath);
        }

        if (source.ResourceFieldRef is { } resource)
        {
            var target = string.IsNullOrEmpty(resource.ContainerName) ? container : pod.Spec.Containers.FirstOrDefault(c => c.Name == resource.ContainerName) ?? container;
            return ResourceValue(target, resource, allocatable);
        }

        return null;
    }

    /// <summary>The downward API's fieldRef values.</summary>
    public static string FieldValue(V1Pod pod, string path)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(path);
        var meta = pod.Metadata;
        if (path.StartsWith("metadata.labels['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal))
        {
            return meta.Labels?.TryGetValue(path[17..^2], out var label) == true ? label : "";
        }

        if (path.StartsWith("metadata.annotations['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal))
        {
            return meta.Annotations?.TryGetValue(path[22..^2], out var annotation) == true ? annotation : "";
        }

        return path switch
        {
            "metadata.name" => meta.Name,
            "metadata.namespace" => meta.NamespaceProperty,
            "metadata.uid" => meta.Uid,
            "metadata.labels" => string.Join('\n', (meta.Labels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}=\"{kv.Value}\"")),
            "metadata.annotations" => string.Join('\n', (meta.Annotations ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}=\"{kv.Value}\"")),
            "spec.nodeName" => pod.Spec.NodeName ?? "",
            "spec.serviceAccountName" => pod.Spec.ServiceAccountName ?? "",
            "status.hostIP" => pod.Status?.HostIP ?? "",
            "status.hostIPs" => string.Join(',', pod.Status?.HostIPs?.Select(h => h.Ip) ?? []),
            "status.podIP" => pod.Status?.PodIP ?? "",
            "status.podIPs" => string.Join(',', pod.Status?.PodIPs?.Select(p => p.Ip) ?? []),
            _ => throw new ContainerConfigException($"unsupported fieldPath: {path}"),
        };
    }

    /// <summary>A resourceFieldRef value: the container's limit (node allocatable when unset) or request, in divisor units rounded up.</summary>
    public static string ResourceValue(V1Container container, V1ResourceFieldSelector selector, NodeAllocatable allocatable)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(allocatable);
        var parts = selector.Resource.Split('.', 2);
        var resource = parts.Length == 2 ? parts[1] : selector.Resource;
        var map = parts[0] == "requests" ? container.Resources?.Requests : container.Resources?.Limits;
        decimal amount;
        if (map?.TryGetValue(resource, out var quantity) == true)
        {
            amount = quantity.ToDecimal();
        }
        else if (parts[0] == "limits")
        {
            amount = resource switch { "cpu" => allocatable.Cpu, "memory" => allocatable.MemoryBytes, _ => allocatable.EphemeralStorageBytes };
        }
        else
        {
            amount = 0;
        }

        var divisor = selector.Divisor?.ToDecimal() is { } d && d > 0 ? d : 1m;
        return Math.Ceiling(amount / divisor).ToString(CultureInfo.InvariantCulture);
    }

    private async Task<V1ConfigMap?> ReadConfigMapAsync(string ns, string name, bool optional, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return optional ? null : throw new ContainerConfigException($"configmap \"{name}\" not found");
        }
    }

    private async Task<V1Secret?> ReadSecretAsync(string ns, string name, bool optional, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return optional ? null : throw new ContainerConfigException($"secret \"{name}\" not found");
        }
    }
}
