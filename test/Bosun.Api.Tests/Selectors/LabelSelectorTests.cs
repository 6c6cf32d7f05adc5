using Bosun.Api.Selectors;

namespace Bosun.Api.Tests.Selectors;

public class LabelSelectorTests
{
    private const string NamePartRegexError =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
        + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueRegexError =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
        + "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private static Dictionary<string, string> Labels(params string[] pairs)
    {
        var labels = new Dictionary<string, string>();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            labels[pairs[i]] = pairs[i + 1];
        }

        return labels;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void Parse_NullEmptyOrBlank_ReturnsEverything(string? text)
    {
        var selector = LabelSelector.Parse(text);

        Assert.True(selector.IsEmpty);
        Assert.Empty(selector.Requirements);
        Assert.True(selector.Matches(Labels("x", "y")));
        Assert.Equal("", selector.ToString());
    }

    [Theory]
    [InlineData("x=a,y=b,z=c", "x=a,y=b,z=c")]
    [InlineData("x!=a,y=b", "x!=a,y=b")]
    [InlineData("x=", "x=")]
    [InlineData("x= ", "x=")]
    [InlineData("x=,z= ", "x=,z=")]
    [InlineData("x= ,z= ", "x=,z=")]
    [InlineData("!x", "!x")]
    [InlineData("x>1", "x>1")]
    [InlineData("x>1,z<5", "x>1,z<5")]
    [InlineData("x==a", "x==a")]
    [InlineData("  x  =  y  ", "x=y")]
    [InlineData("b=1,a=2", "a=2,b=1")]
    [InlineData("x in (b,a)", "x in (a,b)")]
    [InlineData("x in (b,a,b)", "x in (a,b)")]
    [InlineData("x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()")]
    [InlineData("x in (abc,)", "x in (,abc)")]
    [InlineData("x in (,abc)", "x in (,abc)")]
    [InlineData("x in ()", "x in ()")]
    [InlineData("foo  in\t (abc)", "foo in (abc)")]
    [InlineData("x notin\n (abc)", "x notin (abc)")]
    [InlineData("\rx", "x")]
    [InlineData("x in(a)", "x in (a)")]
    [InlineData("this-is-a-dns.domain.com/key-with-dash", "this-is-a-dns.domain.com/key-with-dash")]
    [InlineData("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)")]
    [InlineData("in in (in,notin)", "in in (in,notin)")]
    [InlineData("notin=in", "notin=in")]
    [InlineData("!x,x", "!x,x")]
    public void Parse_ValidText_ReturnsCanonicalString(string text, string expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(text).ToString());
    }

    [Fact]
    public void Parse_EqualityRequirement_ExposesKeyOperatorAndValue()
    {
        var requirement = Assert.Single(LabelSelector.Parse("app.kubernetes.io/name=web").Requirements);

        Assert.Equal("app.kubernetes.io/name", requirement.Key);
        Assert.Equal(SelectionOperator.Equal, requirement.Operator);
        Assert.Equal(["web"], requirement.Values);
    }

    [Theory]
    [InlineData("a=b", SelectionOperator.Equal)]
    [InlineData("a==b", SelectionOperator.DoubleEqual)]
    [InlineData("a!=b", SelectionOperator.NotEqual)]
    [InlineData("a in (b)", SelectionOperator.In)]
    [InlineData("a notin (b)", SelectionOperator.NotIn)]
    [InlineData("a", SelectionOperator.Exists)]
    [InlineData("!a", SelectionOperator.DoesNotExist)]
    [InlineData("a>1", SelectionOperator.GreaterThan)]
    [InlineData("a<1", SelectionOperator.LessThan)]
    public void Parse_EachOperator_IsRecognised(string text, SelectionOperator expected)
    {
        Assert.Equal(expected, Assert.Single(LabelSelector.Parse(text).Requirements).Operator);
    }

    [Fact]
    public void Parse_SetValues_AreSortedAndDistinct()
    {
        var requirement = Assert.Single(LabelSelector.Parse("x in (c, a, b, a)").Requirements);

        Assert.Equal(["a", "b", "c"], requirement.Values);
    }

    [Fact]
    public void Parse_Requirements_AreSortedByKey()
    {
        var selector = LabelSelector.Parse("z=1,a=2,m");

        Assert.Equal(["a", "m", "z"], selector.Requirements.Select(r => r.Key));
    }

    [Theory]
    [InlineData("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("x=a.b=c", "found '=', expected: ',' or 'end of string'")]
    [InlineData("x==a==b", "found '==', expected: ',' or 'end of string'")]
    [InlineData("!x=a", "found '=', expected: ',' or 'end of string'")]
    [InlineData("x=a b", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("x=a,", "found '', expected: identifier after ','")]
    [InlineData("x=a,,y=b", "found ',', expected: identifier after ','")]
    [InlineData(",x", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("=x", "found '=', expected: !, identifier, or 'end of string'")]
    [InlineData("(x)", "found '(', expected: !, identifier, or 'end of string'")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("!=x", "found '!=', expected: !, identifier, or 'end of string'")]
    [InlineData("!!x", "unable to parse requirement: found '!', expected: identifier")]
    [InlineData("x=!", "unable to parse requirement: found '!', expected: identifier")]
    [InlineData("x=(a)", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("x in a", "unable to parse requirement: found 'a' expected: '('")]
    [InlineData("x in", "unable to parse requirement: found '' expected: '('")]
    [InlineData("x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'")]
    [InlineData("x in (a", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier")]
    [InlineData("x in (a,=)", "unable to parse requirement: found '=', expected: ',', or identifier")]
    [InlineData("x notin ((a))", "unable to parse requirement: found '(', expected: ',', ')' or identifier")]
    [InlineData("x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [InlineData("x<", "unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [InlineData("x>1.5", "unable to parse requirement: values[0]: Invalid value: \"1.5\": for 'Gt', 'Lt' operators, the value must be an integer")]
    public void Parse_BadText_ThrowsKubernetesMessage(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => LabelSelector.Parse(text));

        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("app:monolith")]
    [InlineData("*bar")]
    [InlineData("&foo")]
    [InlineData("@")]
    public void Parse_InvalidKey_ReportsNilPathAsKubernetesDoes(string key)
    {
        var e = Assert.Throws<FormatException>(() => LabelSelector.Parse(key));

        Assert.Equal($"unable to parse requirement: <nil>: Invalid value: \"{key}\": {NamePartRegexError}", e.Message);
    }

    [Fact]
    public void Parse_InvalidKeyPrefix_ReportsPrefixPart()
    {
        var e = Assert.Throws<FormatException>(() => LabelSelector.Parse("app.kubernetes_io/name=vault"));

        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            e.Message);
    }

    [Fact]
    public void Parse_KeyWithTwoSlashes_ReportsOneJoinedError()
    {
        var e = Assert.Throws<FormatException>(() => LabelSelector.Parse("a/b/c"));

        Assert.StartsWith("unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key must consist of", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyWithSeveralProblems_JoinsThemWithSemicolons()
    {
        var e = Assert.Throws<FormatException>(() => LabelSelector.Parse("/x"));

        Assert.Equal("unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be non-empty", e.Message);

        e = Assert.Throws<FormatException>(() => LabelSelector.Parse("x/"));
        Assert.Equal($"unable to parse requirement: <nil>: Invalid value: \"x/\": name part must be non-empty; {NamePartRegexError}", e.Message);
    }

    [Fact]
    public void Parse_InvalidValue_ReportsValuePathWithKey()
    {
        var e = Assert.Throws<FormatException>(() => LabelSelector.Parse("x=-a"));

        Assert.Equal($"unable to parse requirement: values[0][x]: Invalid value: \"-a\": {LabelValueRegexError}", e.Message);
    }

    [Fact]
    public void Parse_ValueWithPipes_FailsValueValidationBeforeTheSecondOperator()
    {
        var e = Assert.Throws<FormatException>(() => LabelSelector.Parse("x=a||y=b"));

        Assert.Equal($"unable to parse requirement: values[0][x]: Invalid value: \"a||y\": {LabelValueRegexError}", e.Message);
    }

    [Fact]
    public void Parse_ValueTooLong_ReportsMaxLength()
    {
        var value = new string('a', 64);

        var e = Assert.Throws<FormatException>(() => LabelSelector.Parse("x=" + value));

        Assert.Equal($"unable to parse requirement: values[0][x]: Invalid value: \"{value}\": must be no more than 63 characters", e.Message);
    }

    [Fact]
    public void Parse_SeveralInvalidSetValues_AggregatesInBrackets()
    {
        var e = Assert.Throws<FormatException>(() => LabelSelector.Parse("x in (-a,b-)"));

        Assert.Equal(
            $"unable to parse requirement: [values[0][x]: Invalid value: \"-a\": {LabelValueRegexError}, values[1][x]: Invalid value: \"b-\": {LabelValueRegexError}]",
            e.Message);
    }

    [Fact]
    public void Parse_NegativeGreaterThanBound_IsRejectedAsLabelValue()
    {
        // "-1" is an integer but not a valid label value; Kubernetes rejects it for that reason.
        var e = Assert.Throws<FormatException>(() => LabelSelector.Parse("x>-1"));

        Assert.Equal($"unable to parse requirement: values[0][x]: Invalid value: \"-1\": {LabelValueRegexError}", e.Message);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("x=y", true)]
    [InlineData("x==y", true)]
    [InlineData("x=y,z=w", true)]
    [InlineData("x!=a,z!=a", true)]
    [InlineData("x!=y,z!=a", false)]
    [InlineData("x", true)]
    [InlineData("!q", true)]
    [InlineData("x in (y,z)", true)]
    [InlineData("x notin (a,b)", true)]
    [InlineData("q notin (a)", true)]
    [InlineData("q!=a", true)]
    [InlineData("n>1", true)]
    [InlineData("n<3", true)]
    [InlineData("x=z", false)]
    [InlineData("q=y", false)]
    [InlineData("x!=y", false)]
    [InlineData("q", false)]
    [InlineData("!x", false)]
    [InlineData("x in (a,b)", false)]
    [InlineData("q in (a,b)", false)]
    [InlineData("x notin (y)", false)]
    [InlineData("n>2", false)]
    [InlineData("n<2", false)]
    [InlineData("q>1", false)]
    [InlineData("q<1", false)]
    [InlineData("x>1", false)]
    [InlineData("x=y,q", false)]
    public void Matches_Labels_FollowsKubernetesSemantics(string text, bool expected)
    {
        var labels = Labels("x", "y", "z", "w", "n", "2");

        Assert.Equal(expected, LabelSelector.Parse(text).Matches(labels));
    }

    [Fact]
    public void Matches_EmptyValueSelectors_MatchEmptyValueOnly()
    {
        var labels = Labels("y", "");

        Assert.True(LabelSelector.Parse("x notin (),y").Matches(labels));
        Assert.True(LabelSelector.Parse("!x,y").Matches(labels));
        Assert.False(LabelSelector.Parse("x notin (),!y").Matches(labels));
        Assert.False(LabelSelector.Parse("x in ()").Matches(Labels("y", "baz")));
        Assert.True(LabelSelector.Parse("y=").Matches(labels));
        Assert.True(LabelSelector.Parse("y in ()").Matches(labels));
    }

    [Fact]
    public void Matches_NumericComparisonOnNonIntegerLabel_IsFalse()
    {
        Assert.False(LabelSelector.Parse("z>1").Matches(Labels("z", "v2")));
        Assert.True(LabelSelector.Parse("z>1").Matches(Labels("z", "+2")));
        Assert.False(LabelSelector.Parse("z<1").Matches(Labels("z", " 0")));
    }

    [Fact]
    public void Matches_NullLabels_ActsAsEmptySet()
    {
        Assert.True(LabelSelector.Parse("!x").Matches(null));
        Assert.True(LabelSelector.Parse("x notin (a)").Matches(null));
        Assert.False(LabelSelector.Parse("x").Matches(null));
        Assert.True(LabelSelector.Everything.Matches(null));
    }

    [Fact]
    public void Nothing_MatchesNoLabelsAndIsNotEmpty()
    {
        Assert.False(LabelSelector.Nothing.Matches(Labels()));
        Assert.False(LabelSelector.Nothing.Matches(null));
        Assert.False(LabelSelector.Nothing.IsEmpty);
    }

    [Theory]
    [InlineData("x=a", "x", true, "a")]
    [InlineData("x==a", "x", true, "a")]
    [InlineData("x in (a)", "x", true, "a")]
    [InlineData("x in (a,b)", "x", false, null)]
    [InlineData("x!=a", "x", false, null)]
    [InlineData("y=a", "x", false, null)]
    [InlineData("a=1,x=b", "x", true, "b")]
    public void RequiresExactMatch_Label_ReportsPinnedValue(string text, string label, bool expected, string? value)
    {
        Assert.Equal(expected, LabelSelector.Parse(text).RequiresExactMatch(label, out var actual));
        Assert.Equal(value, actual);
    }

    [Fact]
    public void Parse_Deterministic_RegardlessOfInputOrder()
    {
        Assert.Equal(LabelSelector.Parse("x=a,a=x").ToString(), LabelSelector.Parse("a=x,x=a").ToString());
    }

    [Fact]
    public void TryParse_BadText_ReturnsMessage()
    {
        Assert.False(LabelSelector.TryParse("a b", out var selector, out var error));
        Assert.Null(selector);
        Assert.Equal("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt", error);

        Assert.True(LabelSelector.TryParse("a=b", out selector, out error));
        Assert.Equal("a=b", selector.ToString());
        Assert.Null(error);
    }

    [Fact]
    public void FromSet_Labels_RequiresEachExactly()
    {
        var selector = LabelSelector.FromSet(Labels("b", "2", "a", "1"));

        Assert.Equal("a=1,b=2", selector.ToString());
        Assert.True(selector.Matches(Labels("a", "1", "b", "2", "c", "3")));
        Assert.False(selector.Matches(Labels("a", "1")));
        Assert.True(LabelSelector.FromSet(null).IsEmpty);
        Assert.True(LabelSelector.FromSet(Labels()).IsEmpty);
    }

    [Fact]
    public void FromMatchLabelsAndExpressions_NoneGiven_ReturnsEverything()
    {
        Assert.True(LabelSelector.FromMatchLabelsAndExpressions(null, null).IsEmpty);
        Assert.True(LabelSelector.FromMatchLabelsAndExpressions(new Dictionary<string, string>(), []).IsEmpty);
    }

    [Fact]
    public void FromMatchLabelsAndExpressions_LabelsAndExpressions_CombineSortedByKey()
    {
        var selector = LabelSelector.FromMatchLabelsAndExpressions(
            new Dictionary<string, string> { ["tier"] = "web" },
            [
                ("env", "In", ["prod", "canary"]),
                ("zone", "NotIn", ["a"]),
                ("legacy", "DoesNotExist", null),
                ("app", "Exists", []),
            ]);

        Assert.Equal("app,env in (canary,prod),!legacy,tier=web,zone notin (a)", selector.ToString());
        Assert.True(selector.Matches(Labels("app", "x", "env", "prod", "tier", "web")));
        Assert.False(selector.Matches(Labels("app", "x", "env", "prod", "tier", "web", "zone", "a")));
        Assert.False(selector.Matches(Labels("app", "x", "env", "prod", "tier", "web", "legacy", "")));
        Assert.False(selector.Matches(Labels("env", "prod", "tier", "web")));
    }

    [Fact]
    public void FromMatchLabelsAndExpressions_UnknownOperator_ThrowsKubernetesMessage()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            LabelSelector.FromMatchLabelsAndExpressions(null, [("a", "Gt", ["1"])]));

        Assert.Equal("\"Gt\" is not a valid label selector operator", e.Message);
    }

    [Fact]
    public void FromMatchLabelsAndExpressions_InWithoutValues_ThrowsKubernetesMessage()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            LabelSelector.FromMatchLabelsAndExpressions(null, [("a", "In", [])]));

        Assert.Equal("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty", e.Message);
    }

    [Fact]
    public void FromMatchLabelsAndExpressions_ExistsWithValues_ThrowsKubernetesMessage()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            LabelSelector.FromMatchLabelsAndExpressions(null, [("a", "Exists", ["x"])]));

        Assert.Equal("values: Invalid value: [\"x\"]: values set must be empty for exists and does not exist", e.Message);
    }

    [Fact]
    public void FromMatchLabelsAndExpressions_InvalidKeyAndValues_AggregatesErrors()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            LabelSelector.FromMatchLabelsAndExpressions(null, [("bad key", "NotIn", null)]));

        Assert.Equal(
            $"[key: Invalid value: \"bad key\": {NamePartRegexError}, values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty]",
            e.Message);
    }

    [Fact]
    public void FromMatchLabelsAndExpressions_InvalidMatchLabelValue_ThrowsWithValuePath()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            LabelSelector.FromMatchLabelsAndExpressions(new Dictionary<string, string> { ["app"] = "web app" }, null));

        Assert.Equal($"values[0][app]: Invalid value: \"web app\": {LabelValueRegexError}", e.Message);
    }

    [Fact]
    public void RequirementCreate_GreaterThanWithTwoValues_ThrowsKubernetesMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => LabelSelectorRequirement.Create("a", SelectionOperator.GreaterThan, ["1", "2"]));

        Assert.Equal("values: Invalid value: [\"1\",\"2\"]: for 'Gt', 'Lt' operators, exactly one value is required", e.Message);
    }

    [Fact]
    public void RequirementCreate_EqualWithoutValue_ThrowsKubernetesMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => LabelSelectorRequirement.Create("a", SelectionOperator.Equal, []));

        Assert.Equal("values: Invalid value: []: exact-match compatibility requires one single value", e.Message);
    }

    [Fact]
    public void RequirementCreate_LongKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => LabelSelectorRequirement.Create(new string('a', 254), SelectionOperator.Exists, null));
    }

    [Fact]
    public void RequirementCreate_UnknownOperator_ReportsNotSupported()
    {
        var e = Assert.Throws<ArgumentException>(() => LabelSelectorRequirement.Create("a", (SelectionOperator)99, null));

        Assert.Equal(
            "operator: Unsupported value: \"99\": supported values: \"in\", \"notin\", \"=\", \"==\", \"!=\", \"gt\", \"lt\", \"exists\", \"!\"",
            e.Message);
    }
}
