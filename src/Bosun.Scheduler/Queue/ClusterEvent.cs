namespace Bosun.Scheduler.Queue;

/// <summary>
/// A cluster change that may make unschedulable pods fit: its name (for logs) and the plugins whose rejection it
/// can undo (null: any). A pod rejected only by other plugins stays where it is.
/// </summary>
internal sealed record ClusterEvent(string Name, IReadOnlySet<string>? Plugins)
{
    public bool MayHelp(IReadOnlySet<string> rejectedBy)
    {
        if (Plugins is null || rejectedBy.Count == 0)
        {
            return true;
        }

        foreach (var plugin in rejectedBy)
        {
            if (Plugins.Contains(plugin))
            {
                return true;
            }
        }

        return false;
    }
}
