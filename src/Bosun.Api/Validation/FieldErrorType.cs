namespace Bosun.Api.Validation;

/// <summary>
/// Kubernetes' field error types (<c>field.ErrorType</c>); the values are the <c>StatusCause.reason</c> strings.
/// </summary>
public static class FieldErrorType
{
    /// <summary>A value was looked up and not found.</summary>
    public const string NotFound = "FieldValueNotFound";

    /// <summary>A required value is missing.</summary>
    public const string Required = "FieldValueRequired";

    /// <summary>A value that must be unique is repeated.</summary>
    public const string Duplicate = "FieldValueDuplicate";

    /// <summary>A malformed value.</summary>
    public const string Invalid = "FieldValueInvalid";

    /// <summary>A value outside an enumeration.</summary>
    public const string NotSupported = "FieldValueNotSupported";

    /// <summary>A well-formed value that is not allowed here.</summary>
    public const string Forbidden = "FieldValueForbidden";

    /// <summary>A value that is too long (the value is not echoed).</summary>
    public const string TooLong = "FieldValueTooLong";

    /// <summary>A list with too many items.</summary>
    public const string TooMany = "FieldValueTooMany";

    /// <summary>An error not caused by the input.</summary>
    public const string Internal = "InternalError";

    /// <summary>A value of the wrong JSON type.</summary>
    public const string TypeInvalid = "FieldValueTypeInvalid";

    /// <summary>The human text Kubernetes prints for a type (<c>ErrorType.String()</c>).</summary>
    public static string Describe(string type) => type switch
    {
        NotFound => "Not found",
        Required => "Required value",
        Duplicate => "Duplicate value",
        Invalid => "Invalid value",
        NotSupported => "Unsupported value",
        Forbidden => "Forbidden",
        TooLong => "Too long",
        TooMany => "Too many",
        Internal => "Internal error",
        TypeInvalid => "Invalid value",
        _ => $"<unknown error \"{type}\">",
    };
}
