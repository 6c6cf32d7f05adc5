using Bosun.Node.Cri;
using k8s.Models;

namespace Bosun.Node.Pods;

/// <summary>The CRI sandbox configuration of a pod, as the kubelet's generatePodSandboxConfig builds it.</summary>
public static class SandboxConfigBuilder
{
    /// <summary>The cgroup (cgroupfs syntax) every pod's cgroup sits under; removed per pod on deletion.</summary>
    public const string CgroupRoot = "/bosun";

    public static string CgroupParent(string uid) => $"{CgroupRoot}/pod{uid}";

    public static PodSandboxConfig Build(V1Pod pod, int attempt, PodPaths paths, DnsSettings dns)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var meta = pod.Metadata;
        var spec = pod.Spec;
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = meta.Name, Namespace = meta.NamespaceProperty, Uid = meta.Uid, Attempt = (uint)attempt },
            Hostname = Hostname(pod),
            LogDirectory = paths.PodLogDirectory(meta.NamespaceProperty, meta.Name, meta.Uid),
            DnsConfig = dns.For(pod),
            Linux = new LinuxPodSandboxConfig
            {
                CgroupParent = CgroupParent(meta.Uid),
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    NamespaceOptions = Namespaces(spec),
                    Privileged = spec.Containers.Concat(spec.InitContainers ?? []).Any(c => c.SecurityContext?.Privileged == true),
                },
            },
        };
        if (spec.SecurityContext?.RunAsUser is { } user)
        {
            config.Linux.SecurityContext.RunAsUser = new Int64Value { Value = user };
        }

        if (spec.SecurityContext?.RunAsGroup is { } group)
        {
            config.Linux.SecurityContext.RunAsGroup = new Int64Value { Value = group };
        }

        foreach (var sysctl in spec.SecurityContext?.Sysctls ?? [])
        {
            config.Linux.Sysctls[sysctl.Name] = sysctl.Value;
        }

        foreach (var (key, value) in meta.Labels ?? new Dictionary<string, string>())
        {
            config.Labels[key] = value;
        }

        config.Labels[RuntimeLabels.PodName] = meta.Name;
        config.Labels[RuntimeLabels.PodNamespace] = meta.NamespaceProperty;
        config.Labels[RuntimeLabels.PodUid] = meta.Uid;
        config.Labels[RuntimeLabels.ManagedBy] = RuntimeLabels.ManagedByValue;
        foreach (var (key, value) in meta.Annotations ?? new Dictionary<string, string>())
        {
            config.Annotations[key] = value;
        }

        foreach (var container in spec.Containers)
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.HostPort is > 0)
                {
                    config.PortMappings.Add(new PortMapping
                    {
                        ContainerPort = port.ContainerPort,
                        HostPort = port.HostPort.Value,
                        HostIp = port.HostIP ?? "",
                        Protocol = port.Protocol switch { "UDP" => Protocol.Udp, "SCTP" => Protocol.Sctp, _ => Protocol.Tcp },
                    });
                }
            }
        }

        return config;
    }

    /// <summary>The pod's hostname: spec.hostname, else the pod name cut to a DNS label.</summary>
    public static string Hostname(V1Pod pod)
    {
        var name = !string.IsNullOrEmpty(pod.Spec.Hostname) ? pod.Spec.Hostname : pod.Metadata.Name;
        return name.Length > 63 ? name[..63].TrimEnd('-', '.') : name;
    }

    public static NamespaceOption Namespaces(V1PodSpec spec) => new()
    {
        Network = spec.HostNetwork == true ? NamespaceMode.Node : NamespaceMode.Pod,
        Pid = spec.HostPID == true ? NamespaceMode.Node : spec.ShareProcessNamespace == true ? NamespaceMode.Pod : NamespaceMode.Container,
        Ipc = spec.HostIPC == true ? NamespaceMode.Node : NamespaceMode.Pod,
    };
}
