namespace Bosun.Node.Pods;

/// <summary>What the node offers pods; resourceFieldRef limits fall back to it for containers without a limit.</summary>
public sealed record NodeAllocatable(decimal Cpu, decimal MemoryBytes, decimal EphemeralStorageBytes, int Pods);
