using System.Text.Json.Nodes;
using Bosun.Api.Quantities;

namespace Bosun.Api.Tests.Quantities;

public class QuantityTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("0m", "0")]
    [InlineData("-0", "0")]
    [InlineData("1", "1")]
    [InlineData("+1", "1")]
    [InlineData("1000m", "1")]
    [InlineData("1500m", "1500m")]
    [InlineData("0.5", "500m")]
    [InlineData(".5", "500m")]
    [InlineData("1.", "1")]
    [InlineData("1.5", "1500m")]
    [InlineData("1.5k", "1500")]
    [InlineData("1000", "1k")]
    [InlineData("100m", "100m")]
    [InlineData("0.1", "100m")]
    [InlineData("1000000", "1M")]
    [InlineData("12345", "12345")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1536Mi", "1536Mi")]
    [InlineData("1Ki", "1Ki")]
    [InlineData("0.5Gi", "512Mi")]
    [InlineData("0.5Ki", "512")]
    [InlineData("0.1Ki", "102400m")]
    [InlineData("1024Ki", "1Mi")]
    [InlineData("128974848", "128974848")]
    [InlineData("129e6", "129e6")]
    [InlineData("1e3", "1e3")]
    [InlineData("1E3", "1e3")]
    [InlineData("1e-3", "1e-3")]
    [InlineData("1000e-3", "1")]
    [InlineData("10e3", "10e3")]
    [InlineData("123Mi", "123Mi")]
    [InlineData("1G", "1G")]
    [InlineData("1000M", "1G")]
    [InlineData("0.1n", "1n")]
    [InlineData("-0.1n", "-1n")]
    [InlineData("1u", "1u")]
    [InlineData("-1500m", "-1500m")]
    [InlineData("2E", "2E")]
    [InlineData("2000E", "2e21")]
    public void Canonicalize_KubernetesExamples_GivesKubernetesText(string input, string expected)
    {
        Assert.Equal(expected, Quantity.Canonicalize(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("Ki")]
    [InlineData(".")]
    [InlineData("1 Gi")]
    [InlineData("1Gi ")]
    [InlineData("1.5.5")]
    [InlineData("1e3x")]
    [InlineData("1KB")]
    public void Parse_Malformed_ThrowsFormatWrong(string input)
    {
        var e = Assert.Throws<QuantityFormatException>(() => Quantity.Parse(input));
        Assert.Equal("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", e.Message);
    }

    [Theory]
    [InlineData("1kk")]
    [InlineData("1ki")]
    [InlineData("1e")]
    [InlineData("1mi")]
    public void Parse_UnknownSuffix_ThrowsSuffixError(string input)
    {
        var e = Assert.Throws<QuantityFormatException>(() => Quantity.Parse(input));
        Assert.Equal("unable to parse quantity's suffix", e.Message);
    }

    [Theory]
    [InlineData("1", "1000m", 0)]
    [InlineData("1Gi", "1G", 1)]
    [InlineData("500m", "0.6", -1)]
    public void CompareTo_DifferentFormats_ComparesValues(string a, string b, int sign)
    {
        Assert.Equal(sign, Math.Sign(Quantity.Parse(a).CompareTo(Quantity.Parse(b))));
    }

    [Fact]
    public void TryParse_Invalid_ReturnsMessage()
    {
        Assert.False(Quantity.TryParse("x", out var q, out var error));
        Assert.Null(q);
        Assert.StartsWith("quantities must match", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalizeList_NumbersAndStrings_BecomeCanonicalStrings()
    {
        var list = JsonNode.Parse("""{"cpu":0.5,"memory":"1024Mi","pods":10}""");

        QuantityJson.CanonicalizeList(list);

        Assert.Equal("""{"cpu":"500m","memory":"1Gi","pods":"10"}""", list!.ToJsonString());
    }

    [Fact]
    public void CanonicalizeList_Invalid_Throws()
    {
        Assert.Throws<QuantityFormatException>(() => QuantityJson.CanonicalizeList(JsonNode.Parse("""{"cpu":"lots"}""")));
        Assert.Throws<QuantityFormatException>(() => QuantityJson.CanonicalizeList(JsonNode.Parse("""{"cpu":true}""")));
    }
}
