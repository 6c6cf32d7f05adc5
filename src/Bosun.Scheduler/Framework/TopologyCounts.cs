namespace Bosun.Scheduler.Framework;

/// <summary>
/// Counts per topology domain, keyed by label key then value. Nested string-keyed maps rather than one map of
/// (key, value) pairs: ordinal string keys hash on the fast path, and a per-cycle map of thousands of hostname
/// domains is filled for every pod with pod (anti-)affinity.
/// </summary>
internal sealed class TopologyCounts
{
    private readonly Dictionary<string, Dictionary<string, long>> _byKey = new(StringComparer.Ordinal);
    private readonly int _capacity;

    /// <param name="capacity">Expected domains (e.g. last cycle's count): saves rehashing a large map while filling it.</param>
    public TopologyCounts(int capacity = 0)
    {
        _capacity = capacity;
    }

    public int Count { get; private set; }

    public long Get(string key, string value) =>
        _byKey.TryGetValue(key, out var values) && values.TryGetValue(value, out var n) ? n : 0;

    public void Add(string key, string value, long delta)
    {
        if (!_byKey.TryGetValue(key, out var values))
        {
            _byKey[key] = values = new Dictionary<string, long>(_byKey.Count == 0 ? _capacity : 0, StringComparer.Ordinal);
        }

        var n = values.GetValueOrDefault(value) + delta;
        if (n == 0)
        {
            if (values.Remove(value))
            {
                Count--;
            }
        }
        else
        {
            if (values.TryAdd(value, n))
            {
                Count++;
            }
            else
            {
                values[value] = n;
            }
        }
    }

    /// <summary>True when the node's value of any counted key has a positive count.</summary>
    public bool AnyPositive(IDictionary<string, string> labels)
    {
        foreach (var (key, values) in _byKey)
        {
            if (values.Count > 0 && labels.TryGetValue(key, out var value) && values.TryGetValue(value, out var n) && n > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The sum of the counts of the node's domains.</summary>
    public long Sum(IDictionary<string, string> labels)
    {
        long sum = 0;
        foreach (var (key, values) in _byKey)
        {
            if (labels.TryGetValue(key, out var value) && values.TryGetValue(value, out var n))
            {
                sum += n;
            }
        }

        return sum;
    }

    public TopologyCounts Clone()
    {
        var copy = new TopologyCounts { Count = Count };
        foreach (var (key, values) in _byKey)
        {
            copy._byKey[key] = new Dictionary<string, long>(values, StringComparer.Ordinal);
        }

        return copy;
    }
}
