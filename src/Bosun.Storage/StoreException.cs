namespace Bosun.Storage;

/// <summary>Base of every error the store reports on purpose.</summary>
public class StoreException : Exception
{
    public StoreException() { }

    public StoreException(string message) : base(message) { }

    public StoreException(string message, Exception inner) : base(message, inner) { }
}
