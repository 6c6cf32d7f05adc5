using k8s.Models;

namespace Bosun.Scheduler.Framework;

/// <summary>
/// What the scheduler needs of a pod, computed once when the pod is seen (not per node or per cycle): effective
/// requests, host ports, compiled affinity terms and node constraints.
/// </summary>
internal sealed class PodInfo
{
    private static readonly Dictionary<string, string> NoLabels = new(StringComparer.Ordinal);

    private PodInfo(V1Pod pod, int? priority)
    {
        Pod = pod;
        var meta = pod.Metadata;
        Namespace = meta?.NamespaceProperty ?? "";
        Name = meta?.Name ?? "";
        Key = $"{Namespace}/{Name}";
        Uid = string.IsNullOrEmpty(meta?.Uid) ? Key : meta.Uid;
        Labels = meta?.Labels ?? NoLabels;
        Priority = pod.Spec?.Priority ?? priority ?? 0;
        Created = meta?.CreationTimestamp ?? DateTime.MinValue;
        Terminating = meta?.DeletionTimestamp is not null;
    }

    public V1Pod Pod { get; }

    public string Key { get; }

    public string Uid { get; }

    public string Namespace { get; }

    public string Name { get; }

    public IDictionary<string, string> Labels { get; }

    public int Priority { get; }

    public DateTime Created { get; }

    public bool Terminating { get; }

    public string NodeName => Pod.Spec?.NodeName ?? "";

    public Resources Requests { get; private set; } = new();

    public long NonZeroMilliCpu { get; private set; }

    public long NonZeroMemory { get; private set; }

    public HostPort[] Ports { get; private set; } = [];

    public AffinityTerm[] RequiredAffinity { get; private set; } = [];

    public AffinityTerm[] RequiredAntiAffinity { get; private set; } = [];

    public AffinityTerm[] PreferredAffinity { get; private set; } = [];

    public AffinityTerm[] PreferredAntiAffinity { get; private set; } = [];

    /// <summary>True when every required anti-affinity term is keyed on kubernetes.io/hostname (node-local on nodes with unique hostnames).</summary>
    public bool AntiAffinityOnHostnameOnly { get; private set; }

    public bool HasAffinity => RequiredAffinity.Length + RequiredAntiAffinity.Length + PreferredAffinity.Length + PreferredAntiAffinity.Length > 0;

    public NodeSelectorMatcher NodeSelector { get; private set; } = NodeSelectorMatcher.Everything;

    public IList<V1Toleration>? Tolerations => Pod.Spec?.Tolerations;

    /// <param name="pod">The pod (not changed: it may be an informer's shared instance).</param>
    /// <param name="priority">The priority to assume when spec.priority is missing (its class's value, if known).</param>
    public static PodInfo Create(V1Pod pod, int? priority = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var info = new PodInfo(pod, priority);
        var spec = pod.Spec;
        if (spec is null)
        {
            return info;
        }

        info.Requests = EffectiveRequests(spec, nonZero: false);
        var nonZero = EffectiveRequests(spec, nonZero: true);
        info.NonZeroMilliCpu = nonZero.MilliCpu;
        info.NonZeroMemory = nonZero.Memory;
        info.Ports = [.. HostPorts(spec)];
        info.NodeSelector = NodeSelectorMatcher.For(spec);
        var ns = info.Namespace;
        var podAffinity = spec.Affinity?.PodAffinity;
        var podAntiAffinity = spec.Affinity?.PodAntiAffinity;
        info.RequiredAffinity = [.. (podAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => AffinityTerm.Create(t, ns))];
        info.RequiredAntiAffinity = [.. (podAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => AffinityTerm.Create(t, ns))];
        info.AntiAffinityOnHostnameOnly = info.RequiredAntiAffinity.All(t => t.TopologyKey == Cache.Snapshot.HostnameKey);
        info.PreferredAffinity = [.. (podAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Where(w => w.PodAffinityTerm is not null).Select(w => AffinityTerm.Create(w.PodAffinityTerm, ns, w.Weight))];
        info.PreferredAntiAffinity = [.. (podAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Where(w => w.PodAffinityTerm is not null).Select(w => AffinityTerm.Create(w.PodAffinityTerm, ns, w.Weight))];
        return info;
    }

    /// <summary>
    /// The pod's effective requests as upstream's PodRequests computes them: the larger of the app containers'
    /// sum (plus restartable init containers, which run alongside) and the largest init container (plus the
    /// sidecars started before it), plus the pod overhead. With <paramref name="nonZero"/>, a container without a
    /// cpu or memory request counts 100m / 200Mi, as scoring does.
    /// </summary>
    public static Resources EffectiveRequests(V1PodSpec spec, bool nonZero)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var sum = new Resources();
        foreach (var c in spec.Containers ?? [])
        {
            sum.Add(ContainerRequests(c, nonZero));
        }

        var sidecars = new Resources();
        var init = new Resources();
        foreach (var c in spec.InitContainers ?? [])
        {
            var requests = ContainerRequests(c, nonZero);
            if (c.RestartPolicy == "Always")
            {
                sum.Add(requests);
                sidecars.Add(requests);
                init.Max(sidecars);
            }
            else
            {
                requests.Add(sidecars);
                init.Max(requests);
            }
        }

        sum.Max(init);
        if (spec.Overhead is { Count: > 0 } overhead)
        {
            sum.Add(Resources.From(overhead));
        }

        return sum;
    }

    private static Resources ContainerRequests(V1Container c, bool nonZero)
    {
        var requests = c.Resources?.Requests;
        var limits = c.Resources?.Limits;
        Resources r;
        if (limits is { Count: > 0 })
        {
            // The API defaults a missing request to the limit; do the same for objects written without defaults.
            var merged = new Dictionary<string, ResourceQuantity>(limits, StringComparer.Ordinal);
            if (requests is not null)
            {
                foreach (var (k, v) in requests)
                {
                    merged[k] = v;
                }
            }

            r = Resources.From(merged);
        }
        else
        {
            r = Resources.From(requests);
        }

        if (nonZero)
        {
            var hasCpu = (requests?.ContainsKey(Resources.CpuName) ?? false) || (limits?.ContainsKey(Resources.CpuName) ?? false);
            var hasMemory = (requests?.ContainsKey(Resources.MemoryName) ?? false) || (limits?.ContainsKey(Resources.MemoryName) ?? false);
            if (!hasCpu)
            {
                r.MilliCpu = Resources.DefaultMilliCpuRequest;
            }

            if (!hasMemory)
            {
                r.Memory = Resources.DefaultMemoryRequest;
            }
        }

        return r;
    }

    private static IEnumerable<HostPort> HostPorts(V1PodSpec spec)
    {
        foreach (var c in (spec.InitContainers ?? []).Concat(spec.Containers ?? []))
        {
            foreach (var p in c.Ports ?? [])
            {
                if (p.HostPort is > 0 and var port)
                {
                    yield return new HostPort(string.IsNullOrEmpty(p.HostIP) ? "0.0.0.0" : p.HostIP, string.IsNullOrEmpty(p.Protocol) ? "TCP" : p.Protocol, port);
                }
            }
        }
    }
}
