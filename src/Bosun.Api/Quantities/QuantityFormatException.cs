namespace Bosun.Api.Quantities;

/// <summary>A quantity string Kubernetes would not parse; the message is Kubernetes' own.</summary>
public sealed class QuantityFormatException : FormatException
{
    /// <summary>Kubernetes' <c>ErrFormatWrong</c> text.</summary>
    public const string FormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>Kubernetes' <c>ErrSuffix</c> text.</summary>
    public const string SuffixWrong = "unable to parse quantity's suffix";

    public QuantityFormatException()
        : base(FormatWrong)
    {
    }

    public QuantityFormatException(string message)
        : base(message)
    {
    }

    public QuantityFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
