namespace Bosun.Storage;

/// <summary>The key does not exist (or no longer exists).</summary>
public sealed class KeyMissingException : StoreException
{
    public KeyMissingException() { }

    public KeyMissingException(string key) : base(key) => Key = key;

    public KeyMissingException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The key concerned.</summary>
    public string Key { get; } = "";
}
