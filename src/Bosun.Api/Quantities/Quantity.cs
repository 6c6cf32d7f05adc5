using System.Globalization;
using System.Numerics;

namespace Bosun.Api.Quantities;

/// <summary>
/// Kubernetes' <c>resource.Quantity</c>: an exact number kept to nano precision (finer values round away
/// from zero, as Kubernetes does), with the format it was written in. <see cref="ToString"/> is the
/// canonical form Kubernetes stores: <c>1000m</c> → <c>1</c>, <c>1024Mi</c> → <c>1Gi</c>, <c>0.5</c> → <c>500m</c>.
/// </summary>
public sealed class Quantity : IComparable<Quantity>, IEquatable<Quantity>
{
    private const string SuffixLetters = "eEinumkKMGTP";
    private static readonly BigInteger NanosPerUnit = BigInteger.Pow(10, 9);
    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    private Quantity(BigInteger nanos, QuantityFormat format)
    {
        Nanos = nanos;
        Format = format;
    }

    /// <summary>The value in units of 10^-9.</summary>
    public BigInteger Nanos { get; }

    /// <summary>The format the canonical form uses.</summary>
    public QuantityFormat Format { get; }

    /// <summary>True for zero.</summary>
    public bool IsZero => Nanos.IsZero;

    /// <summary>Parses like Kubernetes' <c>resource.ParseQuantity</c>.</summary>
    /// <exception cref="QuantityFormatException">With Kubernetes' message when the text is not a quantity.</exception>
    public static Quantity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (negative, whole, fraction, suffix) = Split(text);
        var (format, base10, base2) = ParseSuffix(suffix);
        var mantissa = BigInteger.Parse("0" + whole + fraction, NumberStyles.None, CultureInfo.InvariantCulture);
        if (base2 > 0)
        {
            mantissa <<= base2;
        }

        // value = mantissa * 10^(base10 - fraction digits); nanos multiply by 10^9.
        var exponent = (long)base10 - fraction.Length + 9;
        BigInteger nanos;
        if (exponent >= 0)
        {
            nanos = mantissa * BigInteger.Pow(10, checked((int)exponent));
        }
        else
        {
            var divisor = BigInteger.Pow(10, (int)Math.Min(-exponent, 10_000));
            nanos = BigInteger.DivRem(mantissa, divisor, out var remainder);
            if (!remainder.IsZero)
            {
                nanos += 1;
            }
        }

        return new Quantity(negative ? -nanos : nanos, format);
    }

    /// <summary>Parses, answering false (and Kubernetes' message) instead of throwing.</summary>
    public static bool TryParse(string text, out Quantity? quantity, out string error)
    {
        try
        {
            quantity = Parse(text);
            error = "";
            return true;
        }
        catch (QuantityFormatException e)
        {
            quantity = null;
            error = e.Message;
            return false;
        }
        catch (OverflowException)
        {
            quantity = null;
            error = QuantityFormatException.FormatWrong;
            return false;
        }
    }

    /// <summary>The canonical form of <paramref name="text"/> (<see cref="Parse"/> then <see cref="ToString"/>).</summary>
    public static string Canonicalize(string text) => Parse(text).ToString();

    /// <summary>Kubernetes' canonical text (<c>Quantity.String()</c>).</summary>
    public override string ToString()
    {
        if (Nanos.IsZero)
        {
            return "0";
        }

        var format = Format;
        if (format == QuantityFormat.BinarySI
            && (BigInteger.Abs(Nanos) < 1024 * NanosPerUnit || !(Nanos % NanosPerUnit).IsZero))
        {
            // Small or fractional binary values would need rounding: Kubernetes shows them in decimal.
            format = QuantityFormat.DecimalSI;
        }

        return format == QuantityFormat.BinarySI ? Binary() : Decimal(format);
    }

    public int CompareTo(Quantity? other) => other is null ? 1 : Nanos.CompareTo(other.Nanos);

    public bool Equals(Quantity? other) => other is not null && Nanos == other.Nanos;

    public override bool Equals(object? obj) => obj is Quantity q && Equals(q);

    public override int GetHashCode() => Nanos.GetHashCode();

    public static bool operator ==(Quantity? left, Quantity? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Quantity? left, Quantity? right) => !(left == right);

    public static bool operator <(Quantity? left, Quantity? right) => Compare(left, right) < 0;

    public static bool operator <=(Quantity? left, Quantity? right) => Compare(left, right) <= 0;

    public static bool operator >(Quantity? left, Quantity? right) => Compare(left, right) > 0;

    public static bool operator >=(Quantity? left, Quantity? right) => Compare(left, right) >= 0;

    private static int Compare(Quantity? left, Quantity? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private string Binary()
    {
        var value = Nanos / NanosPerUnit;
        var power = 0;
        while (power < BinarySuffixes.Length - 1 && (value % 1024).IsZero)
        {
            value /= 1024;
            power++;
        }

        return value.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power];
    }

    private string Decimal(QuantityFormat format)
    {
        var amount = Nanos;
        var exponent = -9;
        while ((amount % 10).IsZero)
        {
            amount /= 10;
            exponent++;
        }

        // SI suffixes step by thousands, so the exponent comes down to a multiple of 3.
        switch (((exponent % 3) + 3) % 3)
        {
            case 1:
                amount *= 10;
                exponent -= 1;
                break;
            case 2:
                amount *= 100;
                exponent -= 2;
                break;
        }

        var number = amount.ToString(CultureInfo.InvariantCulture);
        if (exponent == 0)
        {
            return number;
        }

        var suffix = format == QuantityFormat.DecimalExponent ? null : DecimalSuffix(exponent);
        return number + (suffix ?? "e" + exponent.ToString(CultureInfo.InvariantCulture));
    }

    private static string? DecimalSuffix(int exponent) => exponent switch
    {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => null,
    };

    /// <summary>Splits as Kubernetes' <c>parseQuantityString</c>: sign, digits, fraction digits, suffix.</summary>
    private static (bool Negative, string Whole, string Fraction, string Suffix) Split(string text)
    {
        if (text.Length == 0)
        {
            throw new QuantityFormatException();
        }

        var pos = 0;
        var negative = false;
        if (text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            pos++;
        }

        var start = pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        var whole = text[start..pos];
        var fraction = "";
        if (pos < text.Length && text[pos] == '.')
        {
            pos++;
            start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }

            fraction = text[start..pos];
        }

        if (whole.Length == 0 && fraction.Length == 0)
        {
            throw new QuantityFormatException();
        }

        var suffixStart = pos;
        while (pos < text.Length && SuffixLetters.Contains(text[pos], StringComparison.Ordinal))
        {
            pos++;
        }

        if (pos < text.Length && text[pos] is '+' or '-')
        {
            pos++;
        }

        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        if (pos < text.Length)
        {
            throw new QuantityFormatException();
        }

        return (negative, whole, fraction, text[suffixStart..]);
    }

    private static (QuantityFormat Format, int Base10, int Base2) ParseSuffix(string suffix)
    {
        switch (suffix)
        {
            case "":
                return (QuantityFormat.DecimalSI, 0, 0);
            case "n":
                return (QuantityFormat.DecimalSI, -9, 0);
            case "u":
                return (QuantityFormat.DecimalSI, -6, 0);
            case "m":
                return (QuantityFormat.DecimalSI, -3, 0);
            case "k":
                return (QuantityFormat.DecimalSI, 3, 0);
            case "M":
                return (QuantityFormat.DecimalSI, 6, 0);
            case "G":
                return (QuantityFormat.DecimalSI, 9, 0);
            case "T":
                return (QuantityFormat.DecimalSI, 12, 0);
            case "P":
                return (QuantityFormat.DecimalSI, 15, 0);
            case "E":
                return (QuantityFormat.DecimalSI, 18, 0);
        }

        var binary = Array.IndexOf(BinarySuffixes, suffix);
        if (binary > 0)
        {
            return (QuantityFormat.BinarySI, 0, binary * 10);
        }

        if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
            && Math.Abs(exponent) <= 10_000)
        {
            return (QuantityFormat.DecimalExponent, exponent, 0);
        }

        throw new QuantityFormatException(QuantityFormatException.SuffixWrong);
    }
}
