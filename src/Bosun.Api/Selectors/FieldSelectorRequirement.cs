namespace Bosun.Api.Selectors;

/// <summary>One term of a field selector: <c>field=value</c> or <c>field!=value</c>.</summary>
/// <param name="Field">The field path, e.g. <c>spec.nodeName</c> (kept exactly as written).</param>
/// <param name="Operator"><see cref="SelectionOperator.Equal"/> (for <c>=</c> and <c>==</c>) or <see cref="SelectionOperator.NotEqual"/>.</param>
/// <param name="Value">The unescaped value.</param>
public sealed record FieldSelectorRequirement(string Field, SelectionOperator Operator, string Value)
{
    /// <summary>True when the object's field value (an absent field reads as the empty string) satisfies the term.</summary>
    public bool Matches(Func<string, string?> fieldValue)
    {
        ArgumentNullException.ThrowIfNull(fieldValue);
        var actual = fieldValue(Field) ?? "";
        var equal = string.Equals(actual, Value, StringComparison.Ordinal);
        return Operator == SelectionOperator.NotEqual ? !equal : equal;
    }

    /// <summary>Kubernetes' text: <c>field=value</c> or <c>field!=value</c>, with the value escaped.</summary>
    public override string ToString() =>
        Field + (Operator == SelectionOperator.NotEqual ? "!=" : "=") + FieldSelector.EscapeValue(Value);
}
