namespace Bosun.Scheduler.Framework;

/// <summary>Per-pod, per-cycle data the plugins share between their extension points.</summary>
internal sealed class CycleState
{
    private readonly Dictionary<string, IPluginState> _states = new(StringComparer.Ordinal);

    public T? Get<T>(string plugin)
        where T : class, IPluginState => _states.TryGetValue(plugin, out var s) ? s as T : null;

    public void Set(string plugin, IPluginState state) => _states[plugin] = state;

    public CycleState Clone()
    {
        var copy = new CycleState();
        foreach (var (name, state) in _states)
        {
            copy._states[name] = state.Clone();
        }

        return copy;
    }
}
