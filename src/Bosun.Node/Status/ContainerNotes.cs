namespace Bosun.Node.Status;

/// <summary>
/// What the agent knows about a pod's containers beyond the runtime's own report: why a container is waiting
/// (an image pull failing, a crash-loop back-off, a config error), probe results, termination messages read
/// from the host. Kept per pod by the worker and handed to <see cref="PodStatusBuilder"/>.
/// </summary>
public sealed class ContainerNotes
{
    private readonly Dictionary<string, (string Reason, string Message)> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _ready = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _started = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _messages = new(StringComparer.Ordinal);

    /// <summary>Sets (or with null clears) why a container is waiting.</summary>
    public void SetWaiting(string container, string? reason, string message = "")
    {
        lock (_waiting)
        {
            if (reason is null)
            {
                _waiting.Remove(container);
            }
            else
            {
                _waiting[container] = (reason, message);
            }
        }
    }

    public (string Reason, string Message)? Waiting(string container)
    {
        lock (_waiting)
        {
            return _waiting.TryGetValue(container, out var value) ? value : null;
        }
    }

    /// <summary>The readiness probe's last result for a container id (true when it has no probe).</summary>
    public void SetReady(string containerId, bool ready)
    {
        lock (_ready)
        {
            _ready[containerId] = ready;
        }
    }

    public bool? Ready(string containerId)
    {
        lock (_ready)
        {
            return _ready.TryGetValue(containerId, out var value) ? value : null;
        }
    }

    /// <summary>The startup probe's result for a container id.</summary>
    public void SetStarted(string containerId, bool started)
    {
        lock (_started)
        {
            _started[containerId] = started;
        }
    }

    public bool? Started(string containerId)
    {
        lock (_started)
        {
            return _started.TryGetValue(containerId, out var value) ? value : null;
        }
    }

    /// <summary>The termination message of a finished container id.</summary>
    public void SetTerminationMessage(string containerId, string message)
    {
        lock (_messages)
        {
            _messages[containerId] = message;
        }
    }

    public string? TerminationMessage(string containerId)
    {
        lock (_messages)
        {
            return _messages.TryGetValue(containerId, out var value) ? value : null;
        }
    }
}
