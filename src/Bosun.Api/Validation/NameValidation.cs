namespace Bosun.Api.Validation;

/// <summary>
/// Kubernetes' name and label format checks (k8s.io/apimachinery <c>pkg/util/validation</c>,
/// <c>pkg/api/validate/content</c> and <c>pkg/api/validation</c>). Each check returns the list of
/// problems worded exactly as Kubernetes words them; an empty list means the value is valid.
/// </summary>
/// <remarks>
/// Lengths are UTF-8 byte counts, as Go's <c>len</c> measures them. The formats are checked by hand
/// rather than with <see cref="System.Text.RegularExpressions.Regex"/>: .NET's <c>$</c> also matches
/// before a trailing newline, Go's does not.
/// </remarks>
public static class NameValidation
{
    /// <summary>Maximum length of a DNS (RFC 1123) label.</summary>
    public const int Dns1123LabelMaxLength = 63;

    /// <summary>Maximum length of a DNS (RFC 1123) subdomain.</summary>
    public const int Dns1123SubdomainMaxLength = 253;

    /// <summary>Maximum length of a DNS (RFC 1035) label.</summary>
    public const int Dns1035LabelMaxLength = 63;

    /// <summary>Maximum length of the name part of a qualified name (label key).</summary>
    public const int QualifiedNameMaxLength = 63;

    /// <summary>Maximum length of a label value.</summary>
    public const int LabelValueMaxLength = 63;

    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123LabelErrMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1123SubdomainErrMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1035LabelErrMsg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const string LabelKeyCharFmt = "[A-Za-z0-9]";
    private const string LabelKeyExtCharFmt = "[-A-Za-z0-9_.]";
    private const string LabelKeyFmt = "(" + LabelKeyCharFmt + LabelKeyExtCharFmt + "*)?" + LabelKeyCharFmt;
    private const string LabelKeyErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFmt = "(" + LabelKeyFmt + ")?";
    private const string LabelValueErrMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>Names that cannot be used as a path segment (REST paths, storage keys).</summary>
    public static IReadOnlyList<string> NameMayNotBe { get; } = [".", ".."];

    /// <summary>Substrings that cannot appear in a name used as a path segment.</summary>
    public static IReadOnlyList<string> NameMayNotContain { get; } = ["/", "%"];

    /// <summary>A DNS (RFC 1123) label: at most 63 characters of <c>[a-z0-9-]</c>, alphanumeric at both ends.</summary>
    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        if (GoText.ByteLength(value) > Dns1123LabelMaxLength)
        {
            errs.Add(MaxLenError(Dns1123LabelMaxLength));
        }

        if (!IsDns1123LabelFormat(value))
        {
            // A valid subdomain that is not a valid label can only be wrong because of its dots.
            errs.Add(IsDns1123SubdomainFormat(value)
                ? "must not contain dots"
                : RegexError(Dns1123LabelErrMsg, Dns1123LabelFmt, "my-name", "123-abc"));
        }

        return errs;
    }

    /// <summary>A DNS (RFC 1123) subdomain: dot-separated RFC 1123 labels, at most 253 characters.</summary>
    public static IReadOnlyList<string> IsDns1123Subdomain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        if (GoText.ByteLength(value) > Dns1123SubdomainMaxLength)
        {
            errs.Add(MaxLenError(Dns1123SubdomainMaxLength));
        }

        if (!IsDns1123SubdomainFormat(value))
        {
            errs.Add(RegexError(Dns1123SubdomainErrMsg, Dns1123SubdomainFmt, "example.com"));
        }

        return errs;
    }

    /// <summary>A DNS (RFC 1035) label, as Service names must be: starts with a letter.</summary>
    public static IReadOnlyList<string> IsDns1035Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        if (GoText.ByteLength(value) > Dns1035LabelMaxLength)
        {
            errs.Add(MaxLenError(Dns1035LabelMaxLength));
        }

        if (!IsDns1035LabelFormat(value))
        {
            errs.Add(RegexError(Dns1035LabelErrMsg, Dns1035LabelFmt, "my-name", "abc-123"));
        }

        return errs;
    }

    /// <summary>
    /// A qualified name (label key, annotation key, finalizer): an optional DNS subdomain prefix and
    /// <c>/</c>, then a name of at most 63 characters of <c>[-A-Za-z0-9_.]</c>, alphanumeric at both ends.
    /// </summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        string name;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            name = value;
        }
        else if (value.IndexOf('/', slash + 1) >= 0)
        {
            errs.Add("a valid label key " + RegexError(LabelKeyErrMsg, LabelKeyFmt, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
        else
        {
            var prefix = value[..slash];
            name = value[(slash + 1)..];
            if (prefix.Length == 0)
            {
                errs.Add("prefix part " + EmptyError());
            }
            else
            {
                foreach (var msg in IsDns1123Subdomain(prefix))
                {
                    errs.Add("prefix part " + msg);
                }
            }
        }

        if (name.Length == 0)
        {
            errs.Add("name part " + EmptyError());
        }
        else if (GoText.ByteLength(name) > QualifiedNameMaxLength)
        {
            errs.Add("name part " + MaxLenError(QualifiedNameMaxLength));
        }

        if (!IsLabelKeyNameFormat(name))
        {
            errs.Add("name part " + RegexError(LabelKeyErrMsg, LabelKeyFmt, "MyName", "my.name", "123-abc"));
        }

        return errs;
    }

    /// <summary>A label value: empty, or at most 63 characters of <c>[-A-Za-z0-9_.]</c>, alphanumeric at both ends.</summary>
    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        if (GoText.ByteLength(value) > LabelValueMaxLength)
        {
            errs.Add(MaxLenError(LabelValueMaxLength));
        }

        if (value.Length > 0 && !IsLabelKeyNameFormat(value))
        {
            errs.Add(RegexError(LabelValueErrMsg, LabelValueFmt, "MyValue", "my_value", "12345"));
        }

        return errs;
    }

    /// <summary>A name that can be safely used as one path segment: not <c>.</c> or <c>..</c>, no <c>/</c> or <c>%</c>.</summary>
    public static IReadOnlyList<string> IsValidPathSegmentName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var illegal in NameMayNotBe)
        {
            if (name == illegal)
            {
                return [$"may not be '{illegal}'"];
            }
        }

        return IsValidPathSegmentPrefix(name);
    }

    /// <summary>
    /// A prefix of a name used as a path segment (a <c>generateName</c>): only the forbidden substrings are
    /// checked, since a suffix will follow.
    /// </summary>
    public static IReadOnlyList<string> IsValidPathSegmentPrefix(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var errs = new List<string>();
        foreach (var illegal in NameMayNotContain)
        {
            if (name.Contains(illegal, StringComparison.Ordinal))
            {
                errs.Add($"may not contain '{illegal}'");
            }
        }

        return errs;
    }

    /// <summary>Kubernetes' <c>ValidatePathSegmentName</c>: <paramref name="prefix"/> is true for a <c>generateName</c>.</summary>
    public static IReadOnlyList<string> ValidatePathSegmentName(string name, bool prefix) =>
        prefix ? IsValidPathSegmentPrefix(name) : IsValidPathSegmentName(name);

    /// <summary>Name check for kinds whose names are DNS subdomains (most kinds); <paramref name="prefix"/> allows a trailing dash.</summary>
    public static IReadOnlyList<string> NameIsDnsSubdomain(string name, bool prefix) =>
        IsDns1123Subdomain(prefix ? MaskTrailingDash(name) : name);

    /// <summary>Name check for kinds whose names are DNS (RFC 1123) labels; <paramref name="prefix"/> allows a trailing dash.</summary>
    public static IReadOnlyList<string> NameIsDnsLabel(string name, bool prefix) =>
        IsDns1123Label(prefix ? MaskTrailingDash(name) : name);

    /// <summary>Name check for kinds whose names are DNS (RFC 1035) labels (Services); <paramref name="prefix"/> allows a trailing dash.</summary>
    public static IReadOnlyList<string> NameIsDns1035Label(string name, bool prefix) =>
        IsDns1035Label(prefix ? MaskTrailingDash(name) : name);

    /// <summary>Namespace names are DNS (RFC 1123) labels.</summary>
    public static IReadOnlyList<string> ValidateNamespaceName(string name, bool prefix) => NameIsDnsLabel(name, prefix);

    /// <summary>
    /// Makes a <c>generateName</c> checkable as a whole name: a trailing dash (where the random suffix
    /// goes) is replaced. Kubernetes drops the last two characters and appends <c>a</c>; that quirk is kept
    /// because it decides which prefixes validate.
    /// </summary>
    public static string MaskTrailingDash(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length > 1 && name.EndsWith('-') ? name[..^2] + "a" : name;
    }

    /// <summary>Kubernetes' "string too long" wording.</summary>
    public static string MaxLenError(int length) => $"must be no more than {length} characters";

    /// <summary>Kubernetes' "must not be empty" wording.</summary>
    public static string EmptyError() => "must be non-empty";

    /// <summary>Kubernetes' wording for a failed format check, with examples and the regex.</summary>
    public static string RegexError(string message, string format, params string[] examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Length == 0)
        {
            return message + " (regex used for validation is '" + format + "')";
        }

        // Kubernetes writes "', " after every example and " or " between them, hence the double space.
        var text = message + " (e.g. ";
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                text += " or ";
            }

            text += "'" + examples[i] + "', ";
        }

        return text + "regex used for validation is '" + format + "')";
    }

    private static bool IsLowerAlnum(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    private static bool IsAlnum(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    private static bool IsDns1123LabelFormat(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || !IsLowerAlnum(s[0]) || !IsLowerAlnum(s[^1]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsLowerAlnum(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDns1123SubdomainFormat(string s)
    {
        var span = s.AsSpan();
        while (true)
        {
            var dot = span.IndexOf('.');
            if (dot < 0)
            {
                return IsDns1123LabelFormat(span);
            }

            if (!IsDns1123LabelFormat(span[..dot]))
            {
                return false;
            }

            span = span[(dot + 1)..];
        }
    }

    private static bool IsDns1035LabelFormat(string s)
    {
        if (s.Length == 0 || s[0] is not (>= 'a' and <= 'z') || !IsLowerAlnum(s[^1]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsLowerAlnum(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLabelKeyNameFormat(string s)
    {
        if (s.Length == 0 || !IsAlnum(s[0]) || !IsAlnum(s[^1]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsAlnum(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
