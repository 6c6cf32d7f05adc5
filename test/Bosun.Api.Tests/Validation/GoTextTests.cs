using Bosun.Api.Validation;

namespace Bosun.Api.Tests.Validation;

public class GoTextTests
{
    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("\a\b\f\n\r\t\v", "\"\\a\\b\\f\\n\\r\\t\\v\"")]
    [InlineData("\u0000\u001f\u007f", "\"\\x00\\x1f\\x7f\"")]
    [InlineData("\u0085\u00a0\u200b", "\"\\u0085\\u00a0\\u200b\"")]
    [InlineData("héllo wörld ✓", "\"héllo wörld ✓\"")]
    [InlineData("\U0001F600", "\"\U0001F600\"")]
    [InlineData("\U000E0001", "\"\\U000e0001\"")]
    public void Quote_Strings_MatchGoStrconvQuote(string value, string expected)
    {
        Assert.Equal(expected, GoText.Quote(value));
    }

    [Fact]
    public void Quote_LoneSurrogate_BecomesReplacementCharacter()
    {
        var value = new string([(char)0xD800, 'a']);

        Assert.Equal("\"\uFFFDa\"", GoText.Quote(value));
    }

    [Fact]
    public void ByteLength_MultiByteText_CountsUtf8Bytes()
    {
        Assert.Equal(5, GoText.ByteLength("héll"));
        Assert.Equal(4, GoText.ByteLength("\U0001F600"));
    }

    [Fact]
    public void CompareOrdinalCodePoints_SupplementaryVersusHighBmp_OrdersAsUtf8Bytes()
    {
        // UTF-16 ordinal puts U+1F600 (a surrogate pair) before U+FF21; UTF-8 byte order, like Go, puts it after.
        Assert.True(string.CompareOrdinal("\U0001F600", "\uFF21") < 0);
        Assert.True(GoText.CompareOrdinalCodePoints("\U0001F600", "\uFF21") > 0);
        Assert.True(GoText.CompareOrdinalCodePoints("a", "ab") < 0);
        Assert.Equal(0, GoText.CompareOrdinalCodePoints("ab", "ab"));
        Assert.True(GoText.CompareOrdinalCodePoints("B", "a") < 0);
    }
}
