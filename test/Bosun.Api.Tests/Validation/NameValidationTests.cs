using Bosun.Api.Validation;

namespace Bosun.Api.Tests.Validation;

public class NameValidationTests
{
    private const string SubdomainError =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelError =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string Dns1035Error =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    private const string NamePartError =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueError =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    [Theory]
    [InlineData("a")]
    [InlineData("example.com")]
    [InlineData("my-app.v1")]
    [InlineData("0")]
    [InlineData("1.2.3.4")]
    public void IsDns1123Subdomain_Valid_ReturnsNoErrors(string value)
    {
        Assert.Empty(NameValidation.IsDns1123Subdomain(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Foo_Bar")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("a b")]
    [InlineData("abc\n")]
    [InlineData("é")]
    public void IsDns1123Subdomain_Malformed_ReturnsRegexError(string value)
    {
        Assert.Equal([SubdomainError], NameValidation.IsDns1123Subdomain(value));
    }

    [Fact]
    public void IsDns1123Subdomain_TooLong_ReturnsLengthError()
    {
        Assert.Empty(NameValidation.IsDns1123Subdomain(new string('a', 253)));
        Assert.Equal(["must be no more than 253 characters"], NameValidation.IsDns1123Subdomain(new string('a', 254)));
        Assert.Equal(["must be no more than 253 characters", SubdomainError], NameValidation.IsDns1123Subdomain(new string('A', 254)));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("my-name")]
    [InlineData("123-abc")]
    public void IsDns1123Label_Valid_ReturnsNoErrors(string value)
    {
        Assert.Empty(NameValidation.IsDns1123Label(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("My-Name")]
    [InlineData("-a")]
    [InlineData("a_b")]
    [InlineData("a.")]
    [InlineData("abc\n")]
    public void IsDns1123Label_Malformed_ReturnsRegexError(string value)
    {
        Assert.Equal([LabelError], NameValidation.IsDns1123Label(value));
    }

    [Fact]
    public void IsDns1123Label_ValidSubdomainWithDots_SaysNoDots()
    {
        Assert.Equal(["must not contain dots"], NameValidation.IsDns1123Label("a.b"));
    }

    [Fact]
    public void IsDns1123Label_TooLong_ReturnsLengthError()
    {
        Assert.Empty(NameValidation.IsDns1123Label(new string('a', 63)));
        Assert.Equal(["must be no more than 63 characters"], NameValidation.IsDns1123Label(new string('a', 64)));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("my-name")]
    [InlineData("abc-123")]
    public void IsDns1035Label_Valid_ReturnsNoErrors(string value)
    {
        Assert.Empty(NameValidation.IsDns1035Label(value));
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("")]
    [InlineData("a-")]
    [InlineData("Abc")]
    [InlineData("a.b")]
    public void IsDns1035Label_Malformed_ReturnsRegexError(string value)
    {
        Assert.Equal([Dns1035Error], NameValidation.IsDns1035Label(value));
    }

    [Fact]
    public void IsDns1035Label_TooLong_ReturnsLengthError()
    {
        Assert.Equal(["must be no more than 63 characters"], NameValidation.IsDns1035Label("a" + new string('1', 63)));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("MyName")]
    [InlineData("my.name")]
    [InlineData("123-abc")]
    [InlineData("my_name")]
    [InlineData("example.com/MyName")]
    [InlineData("kubernetes.io/pv-protection")]
    public void IsQualifiedName_Valid_ReturnsNoErrors(string value)
    {
        Assert.Empty(NameValidation.IsQualifiedName(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-a")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("_a")]
    public void IsQualifiedName_BadName_ReturnsNamePartError(string value)
    {
        var expected = value.Length == 0 ? new[] { "name part must be non-empty", NamePartError } : [NamePartError];

        Assert.Equal(expected, NameValidation.IsQualifiedName(value));
    }

    [Fact]
    public void IsQualifiedName_EmptyPrefix_ReturnsPrefixError()
    {
        Assert.Equal(["prefix part must be non-empty"], NameValidation.IsQualifiedName("/a"));
    }

    [Fact]
    public void IsQualifiedName_BadPrefix_PrefixesSubdomainErrors()
    {
        Assert.Equal(["prefix part " + SubdomainError], NameValidation.IsQualifiedName("Example.com/a"));
    }

    [Fact]
    public void IsQualifiedName_EmptyNameAfterPrefix_ReturnsBothNameErrors()
    {
        Assert.Equal(["name part must be non-empty", NamePartError], NameValidation.IsQualifiedName("example.com/"));
    }

    [Fact]
    public void IsQualifiedName_TwoSlashes_ReturnsSingleWholeKeyError()
    {
        Assert.Equal(
            [
                "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
            ],
            NameValidation.IsQualifiedName("a/b/c"));
    }

    [Fact]
    public void IsQualifiedName_LongName_ReturnsLengthError()
    {
        Assert.Empty(NameValidation.IsQualifiedName(new string('a', 63)));
        Assert.Equal(["name part must be no more than 63 characters"], NameValidation.IsQualifiedName("x/" + new string('a', 64)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("MyValue")]
    [InlineData("my_value")]
    [InlineData("12345")]
    [InlineData("1.2-3_4")]
    public void IsValidLabelValue_Valid_ReturnsNoErrors(string value)
    {
        Assert.Empty(NameValidation.IsValidLabelValue(value));
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("-a")]
    [InlineData("a/b")]
    [InlineData("a\n")]
    public void IsValidLabelValue_Malformed_ReturnsRegexError(string value)
    {
        Assert.Equal([LabelValueError], NameValidation.IsValidLabelValue(value));
    }

    [Fact]
    public void IsValidLabelValue_TooLong_ReturnsLengthError()
    {
        Assert.Empty(NameValidation.IsValidLabelValue(new string('a', 63)));
        Assert.Equal(["must be no more than 63 characters"], NameValidation.IsValidLabelValue(new string('a', 64)));
    }

    [Fact]
    public void IsValidLabelValue_MultiByteCharacters_CountBytesLikeGo()
    {
        // 32 two-byte characters are 64 bytes: too long for Kubernetes even though only 32 chars.
        Assert.Equal(["must be no more than 63 characters", LabelValueError], NameValidation.IsValidLabelValue(new string('é', 32)));
    }

    [Theory]
    [InlineData(".", "may not be '.'")]
    [InlineData("..", "may not be '..'")]
    public void IsValidPathSegmentName_DotNames_AreRejected(string name, string expected)
    {
        Assert.Equal([expected], NameValidation.IsValidPathSegmentName(name));
        Assert.Empty(NameValidation.ValidatePathSegmentName(name, prefix: true));
    }

    [Fact]
    public void IsValidPathSegmentName_SlashAndPercent_AreBothReported()
    {
        Assert.Equal(["may not contain '/'", "may not contain '%'"], NameValidation.IsValidPathSegmentName("a/b%c"));
        Assert.Equal(["may not contain '/'"], NameValidation.ValidatePathSegmentName("a/", prefix: true));
    }

    [Theory]
    [InlineData("Anything_Goes here")]
    [InlineData("...")]
    [InlineData(".a")]
    public void IsValidPathSegmentName_OtherNames_AreAccepted(string name)
    {
        Assert.Empty(NameValidation.IsValidPathSegmentName(name));
    }

    [Theory]
    [InlineData("ab-", "aa")]
    [InlineData("web-", "wea")]
    [InlineData("a-", "a")]
    [InlineData("-", "-")]
    [InlineData("abc", "abc")]
    [InlineData("", "")]
    public void MaskTrailingDash_KeepsKubernetesQuirk(string name, string expected)
    {
        Assert.Equal(expected, NameValidation.MaskTrailingDash(name));
    }

    [Fact]
    public void NameIsDnsSubdomain_PrefixWithTrailingDash_IsValidOnlyAsPrefix()
    {
        Assert.Empty(NameValidation.NameIsDnsSubdomain("web-", prefix: true));
        Assert.Equal([SubdomainError], NameValidation.NameIsDnsSubdomain("web-", prefix: false));
    }

    [Fact]
    public void NameIsDnsLabelAndDns1035Label_PrefixWithTrailingDash_AreValid()
    {
        Assert.Empty(NameValidation.NameIsDnsLabel("ns-", prefix: true));
        Assert.Empty(NameValidation.NameIsDns1035Label("svc-", prefix: true));
        Assert.Equal([Dns1035Error], NameValidation.NameIsDns1035Label("1svc", prefix: false));
        Assert.Equal([LabelError], NameValidation.ValidateNamespaceName("Default", prefix: false));
    }

    [Fact]
    public void RegexError_NoExamples_MentionsOnlyRegex()
    {
        Assert.Equal("bad (regex used for validation is 'x+')", NameValidation.RegexError("bad", "x+"));
    }
}
