using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bosun.Api.Patching;

namespace Bosun.Api.Serialization;

/// <summary>What an untagged plain YAML scalar means to go-yaml v2.</summary>
internal enum YamlScalarKind
{
    String,
    Null,
    Bool,
    Int,
    Uint,
    Float,
    Timestamp,
}

/// <summary>A resolved plain scalar.</summary>
internal readonly record struct YamlScalar(YamlScalarKind Kind, bool Bool = false, long Int = 0, ulong Uint = 0, double Float = 0);

/// <summary>
/// go-yaml v2's scalar resolution (the library behind sigs.k8s.io/yaml): YAML 1.1 booleans including
/// <c>y/n/yes/no/on/off</c>, Go integer syntax (<c>0x</c>, <c>0o</c>, <c>0b</c>, leading-zero octal,
/// underscores), YAML-style floats, <c>.inf</c>/<c>.nan</c>, and timestamps (which stay strings).
/// </summary>
internal static partial class YamlScalars
{
    private static readonly Dictionary<string, YamlScalar> Map = BuildMap();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStyleFloat();

    [GeneratedRegex(@"^\.[0-9]+([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DotFloat();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Base60Float();

    [GeneratedRegex(
        @"^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?))?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    private static Dictionary<string, YamlScalar> BuildMap()
    {
        var map = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        foreach (var s in new[] { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" })
        {
            map[s] = new YamlScalar(YamlScalarKind.Bool, Bool: true);
        }

        foreach (var s in new[] { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" })
        {
            map[s] = new YamlScalar(YamlScalarKind.Bool, Bool: false);
        }

        foreach (var s in new[] { string.Empty, "~", "null", "Null", "NULL" })
        {
            map[s] = new YamlScalar(YamlScalarKind.Null);
        }

        foreach (var s in new[] { ".nan", ".NaN", ".NAN" })
        {
            map[s] = new YamlScalar(YamlScalarKind.Float, Float: double.NaN);
        }

        foreach (var s in new[] { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" })
        {
            map[s] = new YamlScalar(YamlScalarKind.Float, Float: double.PositiveInfinity);
        }

        foreach (var s in new[] { "-.inf", "-.Inf", "-.INF" })
        {
            map[s] = new YamlScalar(YamlScalarKind.Float, Float: double.NegativeInfinity);
        }

        return map;
    }

    /// <summary>Resolves an untagged plain scalar as go-yaml v2 does.</summary>
    public static YamlScalar Resolve(string value)
    {
        var hint = value.Length == 0 ? 'N' : HintOf(value[0]);
        if (hint == '\0')
        {
            return new YamlScalar(YamlScalarKind.String);
        }

        if (Map.TryGetValue(value, out var mapped))
        {
            return mapped;
        }

        switch (hint)
        {
            case '.':
                if (DotFloat().IsMatch(value) && TryParseFloat(value, out var dotFloat))
                {
                    return new YamlScalar(YamlScalarKind.Float, Float: dotFloat);
                }

                break;
            case 'D':
            case 'S':
                if (IsTimestamp(value))
                {
                    return new YamlScalar(YamlScalarKind.Timestamp);
                }

                var plain = value.Replace("_", string.Empty, StringComparison.Ordinal);
                if (TryParseGoInt(plain, out var integer))
                {
                    return new YamlScalar(YamlScalarKind.Int, Int: integer);
                }

                if (TryParseGoUint(plain, out var unsigned))
                {
                    return new YamlScalar(YamlScalarKind.Uint, Uint: unsigned);
                }

                if (YamlStyleFloat().IsMatch(plain) && TryParseFloat(plain, out var number))
                {
                    return new YamlScalar(YamlScalarKind.Float, Float: number);
                }

                break;
        }

        return new YamlScalar(YamlScalarKind.String);
    }

    private static char HintOf(char c) => c switch
    {
        '+' or '-' => 'S',
        >= '0' and <= '9' => 'D',
        'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
        '.' => '.',
        _ => '\0',
    };

    /// <summary>True for the date/time forms go-yaml v2 recognises (they still decode as strings).</summary>
    public static bool IsTimestamp(string value)
    {
        var match = Timestamp().Match(value);
        if (!match.Success)
        {
            return false;
        }

        int Group(int i) => match.Groups[i].Success ? int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        var (year, month, day) = (Group(1), Group(2), Group(3));
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var timeGroup = match.Groups[4].Success ? 4 : 7;
        return Group(timeGroup) <= 23 && Group(timeGroup + 1) <= 59 && Group(timeGroup + 2) <= 59;
    }

    /// <summary>go-yaml v2 quotes these on output for the sake of YAML 1.1 parsers (e.g. <c>1:20</c>).</summary>
    public static bool IsBase60Float(string value) => Base60Float().IsMatch(value);

    private static bool TryParseFloat(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsInfinity(value);

    // Go's strconv.ParseInt(s, 0, 64).
    private static bool TryParseGoInt(string text, out long value)
    {
        value = 0;
        if (!TryParseGoMagnitude(text, allowSign: true, out var negative, out var magnitude))
        {
            return false;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    // Go's strconv.ParseUint(s, 0, 64).
    private static bool TryParseGoUint(string text, out ulong value) =>
        TryParseGoMagnitude(text, allowSign: false, out _, out value);

    private static bool TryParseGoMagnitude(string text, bool allowSign, out bool negative, out ulong magnitude)
    {
        negative = false;
        magnitude = 0;
        var i = 0;
        if (allowSign && text.Length > 0 && (text[0] == '+' || text[0] == '-'))
        {
            negative = text[0] == '-';
            i = 1;
        }

        var radix = 10;
        if (text.Length - i >= 2 && text[i] == '0')
        {
            switch (char.ToLowerInvariant(text[i + 1]))
            {
                case 'x':
                    radix = 16;
                    i += 2;
                    break;
                case 'b':
                    radix = 2;
                    i += 2;
                    break;
                case 'o':
                    radix = 8;
                    i += 2;
                    break;
                default:
                    radix = 8;
                    i += 1;
                    break;
            }
        }

        if (i >= text.Length)
        {
            return false;
        }

        for (; i < text.Length; i++)
        {
            var digit = text[i] switch
            {
                >= '0' and <= '9' => text[i] - '0',
                >= 'a' and <= 'z' => text[i] - 'a' + 10,
                >= 'A' and <= 'Z' => text[i] - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }

            if (magnitude > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return false;
            }

            magnitude = (magnitude * (ulong)radix) + (ulong)digit;
        }

        return true;
    }

    /// <summary>How sigs.k8s.io/yaml turns a resolved map key into a JSON object key.</summary>
    public static string? KeyString(YamlScalar scalar, string text) => scalar.Kind switch
    {
        YamlScalarKind.String or YamlScalarKind.Timestamp => text,
        YamlScalarKind.Bool => scalar.Bool ? "true" : "false",
        YamlScalarKind.Int => scalar.Int.ToString(CultureInfo.InvariantCulture),
        YamlScalarKind.Uint => scalar.Uint.ToString(CultureInfo.InvariantCulture),
        YamlScalarKind.Float => GoValues.FormatFloat(scalar.Float, 'g', 32) switch
        {
            "+Inf" => ".inf",
            "-Inf" => "-.inf",
            "NaN" => ".nan",
            var s => s,
        },
        _ => null,
    };

    /// <summary>Go's <c>%#v</c> of a resolved key, as go-yaml's duplicate-key error prints it.</summary>
    public static string GoSyntax(YamlScalar scalar, string text) => scalar.Kind switch
    {
        YamlScalarKind.String or YamlScalarKind.Timestamp => GoValues.Quote(text),
        YamlScalarKind.Null => "interface {}(nil)",
        _ => KeyString(scalar, text)!,
    };

    /// <summary>
    /// Compares strings the way Go's encoding/json orders map keys (byte-wise UTF-8, i.e. by code point).
    /// </summary>
    public static int CompareUtf8(string? left, string? right)
    {
        if (ReferenceEquals(left, right))
        {
            return 0;
        }

        if (left is null || right is null)
        {
            return left is null ? -1 : 1;
        }

        var a = left.EnumerateRunes();
        var b = right.EnumerateRunes();
        while (true)
        {
            var hasA = a.MoveNext();
            var hasB = b.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA ? 1 : hasB ? -1 : 0;
            }

            var diff = a.Current.Value.CompareTo(b.Current.Value);
            if (diff != 0)
            {
                return diff;
            }
        }
    }

    /// <summary>go-yaml v2's <c>keyList.Less</c> for string keys: letters after other runes, digit runs numerically.</summary>
    public static bool KeyLess(string left, string right)
    {
        var ar = left.EnumerateRunes().Select(r => r.Value).ToArray();
        var br = right.EnumerateRunes().Select(r => r.Value).ToArray();
        for (var i = 0; i < ar.Length && i < br.Length; i++)
        {
            if (ar[i] == br[i])
            {
                continue;
            }

            var al = IsLetter(ar[i]);
            var bl = IsLetter(br[i]);
            if (al && bl)
            {
                return ar[i] < br[i];
            }

            if (al || bl)
            {
                return bl;
            }

            long an = 0, bn = 0;
            if (ar[i] == '0' || br[i] == '0')
            {
                for (var j = i - 1; j >= 0 && IsDigit(ar[j]); j--)
                {
                    if (ar[j] != '0')
                    {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }

            int ai, bi;
            for (ai = i; ai < ar.Length && IsDigit(ar[ai]); ai++)
            {
                an = (an * 10) + (ar[ai] - '0');
            }

            for (bi = i; bi < br.Length && IsDigit(br[bi]); bi++)
            {
                bn = (bn * 10) + (br[bi] - '0');
            }

            if (an != bn)
            {
                return an < bn;
            }

            if (ai != bi)
            {
                return ai < bi;
            }

            return ar[i] < br[i];
        }

        return ar.Length < br.Length;

        static bool IsLetter(int rune) => Rune.IsLetter(new Rune(rune));

        static bool IsDigit(int rune) => Rune.IsDigit(new Rune(rune));
    }
}
