namespace Bosun.Api.Selectors;

/// <summary>The operator of a selector requirement (Kubernetes' <c>selection.Operator</c>).</summary>
public enum SelectionOperator
{
    /// <summary><c>key=value</c>.</summary>
    Equal,

    /// <summary><c>key==value</c> (same meaning as <see cref="Equal"/>).</summary>
    DoubleEqual,

    /// <summary><c>key!=value</c>: the key is absent or has another value.</summary>
    NotEqual,

    /// <summary><c>key in (a,b)</c>.</summary>
    In,

    /// <summary><c>key notin (a,b)</c>: the key is absent or has none of the values.</summary>
    NotIn,

    /// <summary><c>key</c>: the key is present.</summary>
    Exists,

    /// <summary><c>!key</c>: the key is absent.</summary>
    DoesNotExist,

    /// <summary><c>key&gt;n</c>: the key's value is an integer greater than n.</summary>
    GreaterThan,

    /// <summary><c>key&lt;n</c>: the key's value is an integer less than n.</summary>
    LessThan,
}
