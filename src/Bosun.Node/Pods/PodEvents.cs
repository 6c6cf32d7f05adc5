using Bosun.Client.Events;
using k8s.Models;

namespace Bosun.Node.Pods;

/// <summary>Events about one pod, as the kubelet records them (container events name the container's field path).</summary>
public sealed class PodEvents
{
    private readonly EventRecorder? _recorder;
    private readonly V1Pod _pod;

    public PodEvents(EventRecorder? recorder, V1Pod pod)
    {
        _recorder = recorder;
        _pod = pod;
    }

    public void Normal(V1Container? container, string reason, string message) => Record(container, "Normal", reason, message);

    public void Warning(V1Container? container, string reason, string message) => Record(container, "Warning", reason, message);

    private void Record(V1Container? container, string type, string reason, string message)
    {
        if (_recorder is null)
        {
            return;
        }

        var reference = EventRecorder.ReferenceTo(_pod);
        if (container is not null)
        {
            var init = _pod.Spec.InitContainers?.Any(c => ReferenceEquals(c, container) || c.Name == container.Name && !_pod.Spec.Containers.Any(a => a.Name == c.Name)) == true;
            reference.FieldPath = init ? $"spec.initContainers{{{container.Name}}}" : $"spec.containers{{{container.Name}}}";
        }

        _recorder.Record(reference, type, reason, message);
    }
}
