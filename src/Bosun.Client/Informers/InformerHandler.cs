namespace Bosun.Client.Informers;

/// <summary>
/// Callbacks for cache changes. They run on the informer's loop, one at a time, after the cache has changed:
/// keep them short (enqueue a key).
/// </summary>
/// <param name="OnAdd">A new object (also every object of the initial list).</param>
/// <param name="OnUpdate">Old and new state (a relist reports every surviving object this way).</param>
/// <param name="OnDelete">The last state known of a removed object.</param>
public sealed record InformerHandler<T>(Action<T>? OnAdd = null, Action<T, T>? OnUpdate = null, Action<T>? OnDelete = null);
