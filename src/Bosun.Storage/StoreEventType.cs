namespace Bosun.Storage;

/// <summary>What happened to a key.</summary>
public enum StoreEventType
{
    /// <summary>The key did not exist before this revision.</summary>
    Created,

    /// <summary>The key existed and got a new value.</summary>
    Updated,

    /// <summary>The key was removed.</summary>
    Deleted,
}
