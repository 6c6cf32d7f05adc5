using k8s;
using k8s.Models;

namespace Bosun.Client.Informers;

/// <summary>
/// An informer's thread-safe store: objects keyed by "namespace/name" (or "name"), with named indexers kept in step.
/// Readers get the stored instances and must not change them.
/// </summary>
public sealed class InformerCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers = new(StringComparer.Ordinal);
    // index name -> index value -> keys
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indices = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Adds an indexer; existing objects are indexed at once.</summary>
    public void AddIndexer(string name, Func<T, IEnumerable<string>> indexFunc)
    {
        lock (_lock)
        {
            _indexers.Add(name, indexFunc);
            _indices[name] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (key, obj) in _items)
            {
                Index(name, indexFunc, key, obj);
            }
        }
    }

    /// <summary>The object stored under <paramref name="key"/>, or null.</summary>
    public T? Get(string key)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    /// <summary>A snapshot of every object.</summary>
    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return [.. _items.Values];
        }
    }

    /// <summary>A snapshot of the objects whose indexer <paramref name="indexName"/> yields <paramref name="value"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            if (!_indices.TryGetValue(indexName, out var index))
            {
                throw new ArgumentException($"no indexer named {indexName}", nameof(indexName));
            }

            return index.TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    /// <summary>Stores <paramref name="obj"/>; returns the object it replaced, if any.</summary>
    public T? Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        lock (_lock)
        {
            var old = _items.GetValueOrDefault(key);
            if (old is not null)
            {
                Unindex(key, old);
            }

            _items[key] = obj;
            foreach (var (name, func) in _indexers)
            {
                Index(name, func, key, obj);
            }

            return old;
        }
    }

    /// <summary>Removes the object under <paramref name="key"/>; returns it, if it was there.</summary>
    public T? Remove(string key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }

            Unindex(key, old);
            return old;
        }
    }

    private void Index(string name, Func<T, IEnumerable<string>> func, string key, T obj)
    {
        var index = _indices[name];
        foreach (var value in func(obj))
        {
            if (!index.TryGetValue(value, out var keys))
            {
                keys = new HashSet<string>(StringComparer.Ordinal);
                index[value] = keys;
            }

            keys.Add(key);
        }
    }

    private void Unindex(string key, T obj)
    {
        foreach (var (name, func) in _indexers)
        {
            var index = _indices[name];
            foreach (var value in func(obj))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }
}
