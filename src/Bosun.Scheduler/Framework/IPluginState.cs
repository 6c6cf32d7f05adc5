namespace Bosun.Scheduler.Framework;

/// <summary>A plugin's per-cycle data; cloned when preemption tries removing pods.</summary>
internal interface IPluginState
{
    IPluginState Clone();
}
