using Bosun.Node.Cri;

namespace Bosun.Node.Pods;

/// <summary>One container attempt as the runtime reports it.</summary>
public sealed record ObservedContainer(
    string Id,
    string Name,
    int Attempt,
    bool IsInit,
    ContainerState State,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int ExitCode,
    string Reason,
    string Message,
    string Image,
    string ImageRef,
    DateTime CreatedAt,
    IReadOnlyDictionary<string, string> Annotations,
    string LogPath)
{
    public bool IsRunning => State == ContainerState.ContainerRunning;

    public bool IsExited => State == ContainerState.ContainerExited;

    public bool IsCreated => State == ContainerState.ContainerCreated;
}

/// <summary>One pod sandbox as the runtime reports it.</summary>
public sealed record ObservedSandbox(string Id, int Attempt, bool Ready, IReadOnlyList<string> Ips, DateTime CreatedAt);

/// <summary>
/// What the runtime holds for one pod (by uid): its sandboxes and every container attempt still present.
/// The kubelet's status comes from this, so an agent restart rebuilds the same status from containerd.
/// </summary>
public sealed class ObservedPod
{
    public ObservedPod(IReadOnlyList<ObservedSandbox> sandboxes, IReadOnlyList<ObservedContainer> containers)
    {
        Sandboxes = sandboxes;
        Containers = containers;
    }

    public static ObservedPod Empty { get; } = new([], []);

    public IReadOnlyList<ObservedSandbox> Sandboxes { get; }

    public IReadOnlyList<ObservedContainer> Containers { get; }

    /// <summary>The newest sandbox (the one containers run in), if any.</summary>
    public ObservedSandbox? Sandbox => Sandboxes.OrderByDescending(s => s.Attempt).ThenByDescending(s => s.CreatedAt).FirstOrDefault();

    /// <summary>The newest attempt of a container.</summary>
    public ObservedContainer? Latest(string name, bool init) =>
        Containers.Where(c => c.Name == name && c.IsInit == init).OrderByDescending(c => c.Attempt).ThenByDescending(c => c.CreatedAt).FirstOrDefault();

    /// <summary>The attempt before the newest (the kubelet's lastState), if it is still in the runtime.</summary>
    public ObservedContainer? Previous(string name, bool init) =>
        Containers.Where(c => c.Name == name && c.IsInit == init).OrderByDescending(c => c.Attempt).ThenByDescending(c => c.CreatedAt).Skip(1).FirstOrDefault();

    public bool HasRunningContainers => Containers.Any(c => c.IsRunning);
}
