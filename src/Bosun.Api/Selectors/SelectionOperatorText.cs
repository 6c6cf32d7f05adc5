namespace Bosun.Api.Selectors;

/// <summary>Kubernetes' string forms of <see cref="SelectionOperator"/> (used in error messages).</summary>
internal static class SelectionOperatorText
{
    /// <summary>The binary operators in the order Kubernetes lists them in parse errors.</summary>
    public static readonly IReadOnlyList<string> BinaryOperators = ["in", "notin", "=", "==", "!=", "gt", "lt"];

    /// <summary>Every valid operator, as Kubernetes lists them in a NotSupported error.</summary>
    public static readonly IReadOnlyList<string> ValidOperators = [.. BinaryOperators, "exists", "!"];

    public static string ToKubernetesString(SelectionOperator op) => op switch
    {
        SelectionOperator.Equal => "=",
        SelectionOperator.DoubleEqual => "==",
        SelectionOperator.NotEqual => "!=",
        SelectionOperator.In => "in",
        SelectionOperator.NotIn => "notin",
        SelectionOperator.Exists => "exists",
        SelectionOperator.DoesNotExist => "!",
        SelectionOperator.GreaterThan => "gt",
        SelectionOperator.LessThan => "lt",
        _ => ((int)op).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
