using System.Diagnostics;
using Bosun.Node.Cri;
using Bosun.Node.Status;
using Grpc.Core;
using k8s.Models;

namespace Bosun.Node.Pods;

/// <summary>
/// Makes a container's image present per its imagePullPolicy, with the kubelet's events and waiting reasons:
/// Pulling/Pulled, "already present on machine", ErrImagePull then ImagePullBackOff (10 s doubling to 5 min),
/// ErrImageNeverPull.
/// </summary>
public sealed class ImagePuller
{
    private readonly CriClient _cri;
    private readonly RestartBackoff _backoff = new();
    private readonly TimeProvider _time;

    public ImagePuller(CriClient cri, TimeProvider? time = null)
    {
        _cri = cri;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The image reference to create the container from, or null (notes say why; retry after the returned delay).</summary>
    public async Task<(string? ImageRef, TimeSpan? RetryAfter)> EnsureAsync(V1Pod pod, V1Container container, ContainerNotes notes, PodEvents events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(events);
        var image = container.Image;
        var policy = container.ImagePullPolicy ?? DefaultPolicy(image);
        var present = policy == "Always" ? null : await PresentAsync(image, cancellationToken).ConfigureAwait(false);
        if (present is not null)
        {
            events.Normal(container, "Pulled", $"Container image \"{image}\" already present on machine");
            return (present, null);
        }

        if (policy == "Never")
        {
            var message = $"Container image \"{image}\" is not present with pull policy of Never";
            notes.SetWaiting(container.Name, "ErrImageNeverPull", message);
            events.Warning(container, "ErrImageNeverPull", message);
            return (null, TimeSpan.FromSeconds(10));
        }

        var key = pod.Metadata.Uid + "/" + image;
        var now = _time.GetUtcNow().UtcDateTime;
        if (_backoff.BlockedUntil(key, now) is { } until)
        {
            var last = notes.Waiting(container.Name);
            var cause = last?.Reason is "ErrImagePull" or "ImagePullBackOff" ? last.Value.Message : "";
            if (cause.StartsWith("Back-off pulling image", StringComparison.Ordinal))
            {
                cause = cause[(cause.IndexOf(": ErrImagePull: ", StringComparison.Ordinal) is var at and >= 0 ? at + 16 : 0)..];
            }

            notes.SetWaiting(container.Name, "ImagePullBackOff", $"Back-off pulling image \"{image}\": ErrImagePull: {cause}");
            events.Normal(container, "BackOff", $"Back-off pulling image \"{image}\"");
            events.Warning(container, "Failed", "Error: ImagePullBackOff");
            return (null, until - now);
        }

        events.Normal(container, "Pulling", $"Pulling image \"{image}\"");
        var watch = Stopwatch.StartNew();
        try
        {
            var response = await _cri.Images.PullImageAsync(
                new PullImageRequest { Image = new ImageSpec { Image = image } }, CriClient.Options(cancellationToken, TimeSpan.FromMinutes(10))).ConfigureAwait(false);
            var seconds = watch.Elapsed.TotalSeconds;
            var size = await SizeAsync(response.ImageRef, cancellationToken).ConfigureAwait(false);
            events.Normal(container, "Pulled", $"Successfully pulled image \"{image}\" in {seconds:0.###}s ({seconds:0.###}s including waiting). Image size: {size} bytes.");
            return (response.ImageRef, null);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            var message = RuntimeError(e);
            _backoff.Next(key, _time.GetUtcNow().UtcDateTime);
            notes.SetWaiting(container.Name, "ErrImagePull", message);
            events.Warning(container, "Failed", $"Failed to pull image \"{image}\": {message}");
            events.Warning(container, "Failed", "Error: ErrImagePull");
            return (null, _backoff.Window(key));
        }
    }

    /// <summary>The image's id when the runtime has it.</summary>
    public async Task<string?> PresentAsync(string image, CancellationToken cancellationToken)
    {
        var status = await _cri.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = image } }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
        return status.Image is null || string.IsNullOrEmpty(status.Image.Id) ? null : status.Image.Id;
    }

    private async Task<ulong> SizeAsync(string imageRef, CancellationToken cancellationToken)
    {
        var status = await _cri.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = imageRef } }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
        return status.Image?.Size ?? 0;
    }

    /// <summary>Forgets pull back-offs of a deleted pod.</summary>
    public void Forget(string uid) => _backoff.Forget(uid + "/");

    /// <summary>Kubernetes' default: Always for :latest or untagged images, IfNotPresent otherwise.</summary>
    public static string DefaultPolicy(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        var tag = colon > slash ? image[(colon + 1)..] : "latest";
        return tag == "latest" ? "Always" : "IfNotPresent";
    }

    /// <summary>A runtime error as the kubelet prints it ("rpc error: code = ... desc = ...").</summary>
    public static string RuntimeError(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return $"rpc error: code = {e.StatusCode} desc = {e.Status.Detail}";
    }
}
