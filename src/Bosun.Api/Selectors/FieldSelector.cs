namespace Bosun.Api.Selectors;

/// <summary>A parsed field selector (<c>metadata.name=x,status.phase!=Running</c>).</summary>
public sealed class FieldSelector
{
    private readonly List<string> _fields = [];

    private FieldSelector() { }

    /// <summary>A selector that matches every object.</summary>
    public static FieldSelector Everything { get; } = new();

    /// <summary>True when the selector has no requirements.</summary>
    public bool IsEmpty => _fields.Count == 0;

    /// <summary>The field paths the selector names (checked against what a kind supports).</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>Parses the query-string form; throws <see cref="FormatException"/> on bad input.</summary>
    public static FieldSelector Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Everything : throw new NotImplementedException("field selectors");

    /// <summary>True when every requirement holds; <paramref name="fieldValue"/> gives an object's value of a field.</summary>
    public bool Matches(Func<string, string?> fieldValue) => _fields.Count == 0;
}
