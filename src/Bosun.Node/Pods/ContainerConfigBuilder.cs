using System.Globalization;
using Bosun.Node.Cri;
using k8s.Models;

namespace Bosun.Node.Pods;

/// <summary>
/// The CRI configuration of one container attempt, as the kubelet's generateContainerConfig builds it:
/// command/args with $(VAR) expansion, env, working dir, mounts, log path, resources as cgroup settings
/// (CFS shares from requests, quota from limits, memory limit), and the security context.
/// </summary>
public static class ContainerConfigBuilder
{
    private const long CpuPeriod = 100_000;

    // The kubelet's defaults for non-privileged containers (k8s.io/kubernetes/pkg/securitycontext).
    private static readonly string[] DefaultMaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    private static readonly string[] DefaultReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static ContainerConfig Build(
        V1Pod pod, V1Container container, bool init, int attempt, string imageRef, IReadOnlyList<KeyValue> env, IReadOnlyList<Mount> mounts, string terminationMessageFile)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(env);
        var variables = env.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = container.Name, Attempt = (uint)attempt },
            Image = new ImageSpec { Image = imageRef, UserSpecifiedImage = container.Image },
            WorkingDir = container.WorkingDir ?? "",
            LogPath = PodPaths.ContainerLogPath(container.Name, attempt),
            Stdin = container.Stdin == true,
            StdinOnce = container.StdinOnce == true,
            Tty = container.Tty == true,
            Linux = new LinuxContainerConfig { Resources = Resources(container), SecurityContext = Security(pod, container) },
        };
        config.Command.AddRange((container.Command ?? []).Select(c => EnvironmentResolver.Expand(c, variables)));
        config.Args.AddRange((container.Args ?? []).Select(a => EnvironmentResolver.Expand(a, variables)));
        config.Envs.AddRange(env);
        config.Mounts.AddRange(mounts);
        if (!string.IsNullOrEmpty(terminationMessageFile))
        {
            config.Mounts.Add(new Mount { ContainerPath = container.TerminationMessagePath ?? "/dev/termination-log", HostPath = terminationMessageFile });
        }

        var meta = pod.Metadata;
        config.Labels[RuntimeLabels.PodName] = meta.Name;
        config.Labels[RuntimeLabels.PodNamespace] = meta.NamespaceProperty;
        config.Labels[RuntimeLabels.PodUid] = meta.Uid;
        config.Labels[RuntimeLabels.ContainerName] = container.Name;
        config.Labels[RuntimeLabels.ManagedBy] = RuntimeLabels.ManagedByValue;
        config.Annotations[RuntimeLabels.RestartCount] = attempt.ToString(CultureInfo.InvariantCulture);
        config.Annotations[RuntimeLabels.TerminationMessagePath] = container.TerminationMessagePath ?? "/dev/termination-log";
        config.Annotations[RuntimeLabels.TerminationMessagePolicy] = container.TerminationMessagePolicy ?? "File";
        config.Annotations[RuntimeLabels.TerminationMessageFile] = terminationMessageFile;
        config.Annotations[RuntimeLabels.InitContainer] = init ? "true" : "false";
        config.Annotations[RuntimeLabels.PodTerminationGracePeriod] = (pod.Spec.TerminationGracePeriodSeconds ?? 30).ToString(CultureInfo.InvariantCulture);
        return config;
    }

    /// <summary>CFS shares from the CPU request, quota from the CPU limit, the memory limit, OOM score by QoS.</summary>
    public static LinuxContainerResources Resources(V1Container container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        var resources = new LinuxContainerResources { CpuPeriod = CpuPeriod };
        decimal? cpuRequest = requests?.TryGetValue("cpu", out var r) == true ? r.ToDecimal() : null;
        decimal? cpuLimit = limits?.TryGetValue("cpu", out var l) == true ? l.ToDecimal() : null;
        // Kubernetes defaults a missing request to the limit.
        cpuRequest ??= cpuLimit;
        resources.CpuShares = cpuRequest is { } request ? Math.Max(2, (long)(request * 1024m)) : 2;
        if (cpuLimit is { } limit)
        {
            resources.CpuQuota = Math.Max(1000, (long)(limit * CpuPeriod));
        }

        if (limits?.TryGetValue("memory", out var memory) == true)
        {
            resources.MemoryLimitInBytes = (long)memory.ToDecimal();
        }

        return resources;
    }

    private static LinuxContainerSecurityContext Security(V1Pod pod, V1Container container)
    {
        var podContext = pod.Spec.SecurityContext;
        var own = container.SecurityContext;
        var context = new LinuxContainerSecurityContext
        {
            Privileged = own?.Privileged == true,
            ReadonlyRootfs = own?.ReadOnlyRootFilesystem == true,
            NamespaceOptions = SandboxConfigBuilder.Namespaces(pod.Spec),
            // allowPrivilegeEscalation: false sets no_new_privs; unset leaves it off, as the kubelet does.
            NoNewPrivs = own?.AllowPrivilegeEscalation == false,
        };
        if ((own?.RunAsUser ?? podContext?.RunAsUser) is { } user)
        {
            context.RunAsUser = new Int64Value { Value = user };
        }

        if ((own?.RunAsGroup ?? podContext?.RunAsGroup) is { } group)
        {
            context.RunAsGroup = new Int64Value { Value = group };
        }

        context.SupplementalGroups.AddRange((podContext?.SupplementalGroups ?? []).OfType<long>());
        if (podContext?.FsGroup is { } fsGroup)
        {
            context.SupplementalGroups.Add(fsGroup);
        }

        if (own?.Capabilities is { } capabilities)
        {
            context.Capabilities = new Capability();
            context.Capabilities.AddCapabilities.AddRange((capabilities.Add ?? []).Select(CapabilityName));
            context.Capabilities.DropCapabilities.AddRange((capabilities.Drop ?? []).Select(CapabilityName));
        }

        if (!context.Privileged && own?.ProcMount != "Unmasked")
        {
            context.MaskedPaths.AddRange(DefaultMaskedPaths);
            context.ReadonlyPaths.AddRange(DefaultReadonlyPaths);
        }

        return context;
    }

    // Kubernetes users write NET_ADMIN or CAP_NET_ADMIN; containerd wants the CAP_ form (ALL stays ALL).
    private static string CapabilityName(string name) =>
        name == "ALL" || name.StartsWith("CAP_", StringComparison.Ordinal) ? name : "CAP_" + name;
}
