using System.Globalization;
using System.Numerics;

namespace MathCritique.Grading;

/// <summary>
/// The fast path: an answer that is just a decimal number (<c>-12</c>, <c>3.50</c>, <c>1,000</c>, <c>.5</c>) is read
/// without normalizing or parsing, so grading plain numbers (GSM8K) costs well under a microsecond.
/// </summary>
internal static class PlainNumber
{
    private const int MaxLength = 64;

    /// <summary>Reads a plain decimal; <paramref name="decimals"/> counts its fraction digits.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value, out int decimals)
    {
        value = 0;
        decimals = 0;
        text = text.Trim();
        if (text.Length is 0 or > MaxLength)
            return false;
        Span<char> digits = stackalloc char[MaxLength];
        int n = Scan(text, digits, out decimals);
        return n > 0 && double.TryParse(digits[..n], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The exact value as a reduced fraction, for canonical keys.</summary>
    public static bool TryParseExact(ReadOnlySpan<char> text, out BigInteger numerator, out BigInteger denominator)
    {
        numerator = BigInteger.Zero;
        denominator = BigInteger.One;
        text = text.Trim();
        if (text.Length is 0 or > MaxLength)
            return false;
        Span<char> digits = stackalloc char[MaxLength];
        int n = Scan(text, digits, out int decimals);
        if (n == 0)
            return false;
        var span = digits[..n];
        bool negative = span[0] == '-';
        if (span[0] is '-' or '+')
            span = span[1..];
        Span<char> intDigits = stackalloc char[span.Length];
        int m = 0;
        foreach (var c in span)
        {
            if (c != '.')
                intDigits[m++] = c;
        }
        if (m == 0)
            return false;
        numerator = BigInteger.Parse(intDigits[..m], NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative)
            numerator = -numerator;
        denominator = BigInteger.Pow(10, decimals);
        return true;
    }

    /// <summary>Copies sign, digits and point (thousands commas removed) into <paramref name="digits"/>; 0 when not plain.</summary>
    private static int Scan(ReadOnlySpan<char> text, Span<char> digits, out int decimals)
    {
        decimals = 0;
        int i = 0, n = 0;
        if (text[0] is '-' or '+')
            digits[n++] = text[i++];
        int intStart = i, groupLength = 0, groups = 0;
        bool grouped = false;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits[n++] = c;
                groupLength++;
                i++;
            }
            else if (c == ',')
            {
                // Thousands: the first group has 1-3 digits, later ones exactly 3.
                if (groupLength == 0 || (grouped ? groupLength != 3 : groupLength > 3))
                    return 0;
                grouped = true;
                groups++;
                groupLength = 0;
                i++;
            }
            else
                break;
        }
        if (grouped && groupLength != 3)
            return 0;
        bool anyIntDigits = i > intStart;
        if (i < text.Length && text[i] == '.')
        {
            digits[n++] = '.';
            i++;
            int fracStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
                digits[n++] = text[i++];
            decimals = i - fracStart;
            if (!anyIntDigits && decimals == 0)
                return 0;
        }
        else if (!anyIntDigits)
            return 0;
        return i == text.Length ? n : 0;
    }
}
