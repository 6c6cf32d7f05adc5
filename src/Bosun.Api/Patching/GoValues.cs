using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Api.Patching;

/// <summary>The Go dynamic type a JSON value has after <c>UnmarshalCaseSensitivePreserveInts</c>.</summary>
internal enum GoKind
{
    Nil,
    Map,
    Slice,
    String,
    Int64,
    Float64,
    Bool,
}

/// <summary>
/// Go semantics for JSON values held as <see cref="JsonNode"/>: the dynamic type Kubernetes' patch code
/// sees, <c>==</c> on interface values, and the <c>%v</c>/<c>strconv</c> formatting its error messages use.
/// </summary>
internal static class GoValues
{
    /// <summary>The Go type of a decoded JSON value (integers without a fraction are int64).</summary>
    public static GoKind KindOf(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return GoKind.Nil;
            case JsonObject:
                return GoKind.Map;
            case JsonArray:
                return GoKind.Slice;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.String => GoKind.String,
            JsonValueKind.True or JsonValueKind.False => GoKind.Bool,
            JsonValueKind.Number => IsInteger(NumberText(node), out _) ? GoKind.Int64 : GoKind.Float64,
            _ => GoKind.Nil,
        };
    }

    /// <summary>The literal text of a JSON number.</summary>
    public static string NumberText(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var element)
            ? element.GetRawText()
            : node.ToJsonString();

    /// <summary>True when Go's PreserveInts decoding yields an int64 for this number text.</summary>
    public static bool IsInteger(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>The float64 value of a JSON number.</summary>
    public static double FloatValue(JsonNode node) =>
        double.Parse(NumberText(node), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// Equality as the patch code sees it: Go <c>==</c> for scalars (an int64 never equals a float64),
    /// structural equality for maps and slices.
    /// </summary>
    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        var kind = KindOf(a);
        if (kind != KindOf(b))
        {
            return false;
        }

        switch (kind)
        {
            case GoKind.Nil:
                return true;
            case GoKind.String:
                return a!.GetValue<string>() == b!.GetValue<string>();
            case GoKind.Bool:
                return a!.GetValueKind() == b!.GetValueKind();
            case GoKind.Int64:
                IsInteger(NumberText(a!), out var x);
                IsInteger(NumberText(b!), out var y);
                return x == y;
            case GoKind.Float64:
                return FloatValue(a!).Equals(FloatValue(b!));
            case GoKind.Slice:
                var left = (JsonArray)a!;
                var right = (JsonArray)b!;
                if (left.Count != right.Count)
                {
                    return false;
                }

                for (var i = 0; i < left.Count; i++)
                {
                    if (!Equal(left[i], right[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                var l = (JsonObject)a!;
                var r = (JsonObject)b!;
                if (l.Count != r.Count)
                {
                    return false;
                }

                foreach (var (key, value) in l)
                {
                    if (!r.TryGetPropertyValue(key, out var other) || !Equal(value, other))
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    /// <summary><c>reflect.TypeOf(v).String()</c> as <c>%s</c> prints it.</summary>
    public static string TypeName(JsonNode? node) => KindOf(node) switch
    {
        GoKind.Map => "map[string]interface {}",
        GoKind.Slice => "[]interface {}",
        GoKind.String => "string",
        GoKind.Int64 => "int64",
        GoKind.Float64 => "float64",
        GoKind.Bool => "bool",
        _ => "%!s(<nil>)",
    };

    /// <summary>Go's <c>%v</c> of a decoded JSON value (maps print with sorted keys).</summary>
    public static string Format(JsonNode? node)
    {
        var builder = new StringBuilder();
        Format(builder, node);
        return builder.ToString();
    }

    /// <summary>Go's <c>%s</c> of a decoded JSON value (non-strings print as <c>%!s(type=value)</c>).</summary>
    public static string FormatS(JsonNode? node) => KindOf(node) switch
    {
        GoKind.String or GoKind.Map or GoKind.Slice => Format(node),
        GoKind.Nil => "%!s(<nil>)",
        _ => $"%!s({TypeName(node)}={Format(node)})",
    };

    private static void Format(StringBuilder builder, JsonNode? node)
    {
        switch (KindOf(node))
        {
            case GoKind.Nil:
                builder.Append("<nil>");
                break;
            case GoKind.String:
                builder.Append(node!.GetValue<string>());
                break;
            case GoKind.Bool:
                builder.Append(node!.GetValueKind() == JsonValueKind.True ? "true" : "false");
                break;
            case GoKind.Int64:
                IsInteger(NumberText(node!), out var integer);
                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case GoKind.Float64:
                builder.Append(FormatFloat(FloatValue(node!), 'g', 64));
                break;
            case GoKind.Slice:
                builder.Append('[');
                var first = true;
                foreach (var item in (JsonArray)node!)
                {
                    if (!first)
                    {
                        builder.Append(' ');
                    }

                    first = false;
                    Format(builder, item);
                }

                builder.Append(']');
                break;
            default:
                builder.Append("map[");
                var keys = ((JsonObject)node!).Select(p => p.Key).ToList();
                keys.Sort(string.CompareOrdinal);
                for (var i = 0; i < keys.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(' ');
                    }

                    builder.Append(keys[i]).Append(':');
                    Format(builder, node![keys[i]]);
                }

                builder.Append(']');
                break;
        }
    }

    /// <summary>
    /// Go's <c>strconv.FormatFloat(f, fmt, -1, bitSize)</c> for <c>'e'</c>, <c>'f'</c> and <c>'g'</c>: the
    /// shortest digits that round-trip, laid out the way Go lays them out.
    /// </summary>
    public static string FormatFloat(double value, char format, int bitSize)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        var (negative, digits, dp) = Decompose(value, bitSize);
        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }

        var useExponent = format switch
        {
            'e' => true,
            'f' => false,
            _ => digits.Length > 0 && (dp - 1 < -4 || dp - 1 >= 6),
        };
        if (format == 'g' && digits.Length == 0)
        {
            useExponent = false;
        }

        if (useExponent)
        {
            builder.Append(digits.Length == 0 ? '0' : digits[0]);
            if (digits.Length > 1)
            {
                builder.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var exp = digits.Length == 0 ? 0 : dp - 1;
            builder.Append('e').Append(exp < 0 ? '-' : '+');
            var abs = Math.Abs(exp);
            if (abs < 10)
            {
                builder.Append('0');
            }

            builder.Append(abs.ToString(CultureInfo.InvariantCulture));
            return builder.ToString();
        }

        if (dp > 0)
        {
            for (var i = 0; i < dp; i++)
            {
                builder.Append(i < digits.Length ? digits[i] : '0');
            }
        }
        else
        {
            builder.Append('0');
        }

        var fraction = Math.Max(digits.Length - dp, 0);
        if (fraction > 0)
        {
            builder.Append('.');
            for (var i = 0; i < fraction; i++)
            {
                var index = dp + i;
                builder.Append(index >= 0 && index < digits.Length ? digits[index] : '0');
            }
        }

        return builder.ToString();
    }

    /// <summary>Go's encoding/json text for a float64 (fixed notation unless very small or large).</summary>
    public static string FormatJsonFloat(double value)
    {
        var abs = Math.Abs(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var text = FormatFloat(value, 'e', 64);
            var n = text.Length;
            if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0')
            {
                text = text[..(n - 2)] + text[n - 1];
            }

            return text;
        }

        return FormatFloat(value, 'f', 64);
    }

    // value = 0.digits × 10^dp, digits without leading or trailing zeros (empty for zero).
    private static (bool Negative, string Digits, int Dp) Decompose(double value, int bitSize)
    {
        var text = bitSize == 32
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var intPart = point >= 0 ? text[..point] : text;
        var fracPart = point >= 0 ? text[(point + 1)..] : string.Empty;
        var all = intPart + fracPart;
        var dp = intPart.Length + exponent;
        var lead = 0;
        while (lead < all.Length && all[lead] == '0')
        {
            lead++;
        }

        all = all[lead..];
        dp -= lead;
        all = all.TrimEnd('0');
        if (all.Length == 0)
        {
            dp = 0;
        }

        return (negative, all, dp);
    }

    /// <summary>Go's <c>strconv.Quote</c>.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            var r = rune.Value;
            switch (r)
            {
                case '"':
                    builder.Append("\\\"");
                    continue;
                case '\\':
                    builder.Append("\\\\");
                    continue;
                case '\a':
                    builder.Append("\\a");
                    continue;
                case '\b':
                    builder.Append("\\b");
                    continue;
                case '\f':
                    builder.Append("\\f");
                    continue;
                case '\n':
                    builder.Append("\\n");
                    continue;
                case '\r':
                    builder.Append("\\r");
                    continue;
                case '\t':
                    builder.Append("\\t");
                    continue;
                case '\v':
                    builder.Append("\\v");
                    continue;
            }

            if (r < ' ' || r == 0x7f)
            {
                builder.Append("\\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (IsPrint(rune))
            {
                builder.Append(rune.ToString());
            }
            else if (r < 0x10000)
            {
                builder.Append("\\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("\\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    private static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
