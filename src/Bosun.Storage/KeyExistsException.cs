namespace Bosun.Storage;

/// <summary>A create found the key already present.</summary>
public sealed class KeyExistsException : StoreException
{
    public KeyExistsException() { }

    public KeyExistsException(string key) : base(key) => Key = key;

    public KeyExistsException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The key concerned.</summary>
    public string Key { get; } = "";
}
