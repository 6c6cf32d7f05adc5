using Bosun.Api.Selectors;

namespace Bosun.Api.Tests.Selectors;

public class FieldSelectorTests
{
    private static Func<string, string?> Fields(params string[] pairs)
    {
        var fields = new Dictionary<string, string>();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            fields[pairs[i]] = pairs[i + 1];
        }

        return name => fields.TryGetValue(name, out var value) ? value : null;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(",")]
    [InlineData("=")]
    [InlineData("==")]
    [InlineData("!=")]
    public void Parse_NothingToSelect_ReturnsEverything(string? text)
    {
        var selector = FieldSelector.Parse(text);

        Assert.True(selector.IsEmpty);
        Assert.Empty(selector.Fields);
        Assert.True(selector.Matches(Fields()));
    }

    [Theory]
    [InlineData("metadata.name=foo", "metadata.name", SelectionOperator.Equal, "foo")]
    [InlineData("metadata.name==foo", "metadata.name", SelectionOperator.Equal, "foo")]
    [InlineData("status.phase!=Running", "status.phase", SelectionOperator.NotEqual, "Running")]
    [InlineData("spec.nodeName=", "spec.nodeName", SelectionOperator.Equal, "")]
    [InlineData("x=a\\,b", "x", SelectionOperator.Equal, "a,b")]
    [InlineData("x=a\\=\\=b", "x", SelectionOperator.Equal, "a==b")]
    [InlineData("x=a||y\\=b", "x", SelectionOperator.Equal, "a||y=b")]
    [InlineData("x=a\\\\b", "x", SelectionOperator.Equal, "a\\b")]
    [InlineData("x=a!b", "x", SelectionOperator.Equal, "a!b")]
    [InlineData("a!b=c", "a!b", SelectionOperator.Equal, "c")]
    [InlineData(" a = b ", " a ", SelectionOperator.Equal, " b ")]
    [InlineData("=x", "", SelectionOperator.Equal, "x")]
    public void Parse_Term_SplitsAtFirstOperatorAndUnescapesValue(string text, string field, SelectionOperator op, string value)
    {
        var requirement = Assert.Single(FieldSelector.Parse(text).Requirements);

        Assert.Equal(new FieldSelectorRequirement(field, op, value), requirement);
    }

    [Fact]
    public void Parse_SeveralTerms_SortsThemAndListsDistinctFields()
    {
        var selector = FieldSelector.Parse("status.phase!=Failed,metadata.name=a,status.phase!=Succeeded");

        Assert.Equal(["metadata.name", "status.phase", "status.phase"], selector.Requirements.Select(r => r.Field));
        Assert.Equal(["metadata.name", "status.phase"], selector.Fields);
        Assert.Equal("metadata.name=a,status.phase!=Failed,status.phase!=Succeeded", selector.ToString());
    }

    [Fact]
    public void Parse_EmptyTerms_AreSkipped()
    {
        Assert.Equal("a=1,b=2", FieldSelector.Parse(",a=1,,b=2,").ToString());
    }

    [Theory]
    [InlineData("x", "invalid selector: 'x'; can't understand 'x'")]
    [InlineData(" ", "invalid selector: ' '; can't understand ' '")]
    [InlineData("x=a,b", "invalid selector: 'x=a,b'; can't understand 'b'")]
    [InlineData("z,a", "invalid selector: 'z,a'; can't understand 'a'")]
    [InlineData("x in (a)", "invalid selector: 'x in (a)'; can't understand 'x in (a)'")]
    [InlineData("x>1", "invalid selector: 'x>1'; can't understand 'x>1'")]
    [InlineData("x=a||y=b", "invalid field selector: unescaped character in value: 61")]
    [InlineData("x==a==b", "invalid field selector: unescaped character in value: 61")]
    [InlineData("x!==y", "invalid field selector: unescaped character in value: 61")]
    [InlineData("x=a,b=c,d", "invalid selector: 'x=a,b=c,d'; can't understand 'd'")]
    [InlineData("x=a\\!b", "invalid field selector: invalid escape sequence: \\!")]
    [InlineData("x=a\\nb", "invalid field selector: invalid escape sequence: \\n")]
    [InlineData("x=a\\", "invalid field selector: invalid escape sequence: \\")]
    public void Parse_BadText_ThrowsKubernetesMessage(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => FieldSelector.Parse(text));

        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Matches_EmptyValue_SelectsObjectsWithoutTheField()
    {
        var unscheduled = FieldSelector.Parse("spec.nodeName=");

        Assert.True(unscheduled.Matches(Fields("metadata.name", "p")));
        Assert.True(unscheduled.Matches(Fields("spec.nodeName", "")));
        Assert.False(unscheduled.Matches(Fields("spec.nodeName", "node-1")));

        var scheduled = FieldSelector.Parse("spec.nodeName!=");
        Assert.False(scheduled.Matches(Fields()));
        Assert.True(scheduled.Matches(Fields("spec.nodeName", "node-1")));
    }

    [Fact]
    public void Matches_AllTerms_MustHold()
    {
        var selector = FieldSelector.Parse("metadata.namespace=default,status.phase!=Running");

        Assert.True(selector.Matches(Fields("metadata.namespace", "default", "status.phase", "Pending")));
        Assert.False(selector.Matches(Fields("metadata.namespace", "default", "status.phase", "Running")));
        Assert.False(selector.Matches(Fields("metadata.namespace", "kube-system", "status.phase", "Pending")));
    }

    [Fact]
    public void Matches_ValueComparison_IsOrdinal()
    {
        Assert.False(FieldSelector.Parse("metadata.name=Foo").Matches(Fields("metadata.name", "foo")));
    }

    [Theory]
    [InlineData("a=b", "a", true, "b")]
    [InlineData("a==b", "a", true, "b")]
    [InlineData("a!=b", "a", false, null)]
    [InlineData("c=d,a=b", "a", true, "b")]
    [InlineData("c=d", "a", false, null)]
    public void RequiresExactMatch_Field_ReportsPinnedValue(string text, string field, bool expected, string? value)
    {
        Assert.Equal(expected, FieldSelector.Parse(text).RequiresExactMatch(field, out var actual));
        Assert.Equal(value, actual);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "a\\,b")]
    [InlineData("a=b", "a\\=b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a!b", "a!b")]
    [InlineData(",=\\", "\\,\\=\\\\")]
    public void EscapeValue_SpecialCharacters_AreBackslashed(string value, string expected)
    {
        Assert.Equal(expected, FieldSelector.EscapeValue(value));
        Assert.Equal(value, FieldSelector.UnescapeValue(expected));
    }

    [Fact]
    public void ToString_ValueWithSpecialCharacters_RoundTrips()
    {
        var selector = FieldSelector.FromSet(new Dictionary<string, string> { ["metadata.name"] = "a,b=c\\d" });

        var text = selector.ToString();

        Assert.Equal("metadata.name=a\\,b\\=c\\\\d", text);
        Assert.Equal("a,b=c\\d", Assert.Single(FieldSelector.Parse(text).Requirements).Value);
    }

    [Fact]
    public void TryParse_BadText_ReturnsMessage()
    {
        Assert.False(FieldSelector.TryParse("nope", out var selector, out var error));
        Assert.Null(selector);
        Assert.Equal("invalid selector: 'nope'; can't understand 'nope'", error);

        Assert.True(FieldSelector.TryParse("a=b", out selector, out error));
        Assert.Equal("a=b", selector.ToString());
        Assert.Null(error);
    }
}
