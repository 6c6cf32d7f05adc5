namespace Bosun.Scheduler.Framework;

/// <summary>A scheduling plugin; the name is upstream's (it appears in logs and decides which events retry a pod).</summary>
internal interface IPlugin
{
    string Name { get; }
}
