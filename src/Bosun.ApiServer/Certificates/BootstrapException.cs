namespace Bosun.ApiServer.Certificates;

/// <summary>The server cannot join the cluster in its datastore (wrong or missing token, wrong cluster).</summary>
public sealed class BootstrapException : Exception
{
    public BootstrapException()
    {
    }

    public BootstrapException(string message)
        : base(message)
    {
    }

    public BootstrapException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
