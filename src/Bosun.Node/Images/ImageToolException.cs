namespace Bosun.Node.Images;

/// <summary>A tool or input an image operation needs is missing or failed; the message says what to install or fix.</summary>
public sealed class ImageToolException : Exception
{
    public ImageToolException() { }

    public ImageToolException(string message) : base(message) { }

    public ImageToolException(string message, Exception innerException) : base(message, innerException) { }
}
