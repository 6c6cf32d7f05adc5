namespace Bosun.Node.Volumes;

/// <summary>A volume that cannot be set up (the kubelet's FailedMount), with the kubelet's message.</summary>
public sealed class VolumeException(string message) : Exception(message);
