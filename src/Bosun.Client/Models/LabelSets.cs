namespace Bosun.Client.Models;

/// <summary>Label (or any string-map) comparisons the informer handlers make on every update.</summary>
public static class LabelSets
{
    /// <summary>True when both maps hold the same pairs; a missing map equals an empty one.</summary>
    public static bool Equal(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        return a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
