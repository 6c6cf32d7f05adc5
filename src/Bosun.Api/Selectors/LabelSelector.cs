namespace Bosun.Api.Selectors;

/// <summary>A parsed label selector (<c>a=b,c!=d,e in (f,g),!h</c>) as Kubernetes accepts it.</summary>
public sealed class LabelSelector
{
    // Placeholder until the parser lands; Parse throws so nothing silently matches everything.
    private readonly List<string> _requirements = [];

    private LabelSelector() { }

    /// <summary>A selector that matches every object.</summary>
    public static LabelSelector Everything { get; } = new();

    /// <summary>True when the selector has no requirements.</summary>
    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>Parses the query-string form; throws <see cref="FormatException"/> with Kubernetes' message on bad input.</summary>
    public static LabelSelector Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Everything : throw new NotImplementedException("label selectors");

    /// <summary>True when the labels satisfy every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels) => _requirements.Count == 0;
}
