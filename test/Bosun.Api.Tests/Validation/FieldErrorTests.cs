using System.Text.Json.Nodes;
using Bosun.Api.Validation;

namespace Bosun.Api.Tests.Validation;

public class FieldErrorTests
{
    [Fact]
    public void ToString_Required_PrintsTypeAndDetail()
    {
        Assert.Equal(
            "metadata.name: Required value: name or generateName is required",
            FieldError.Required("metadata.name", "name or generateName is required").ToString());
        Assert.Equal("metadata.namespace: Required value", FieldError.Required("metadata.namespace").ToString());
    }

    [Fact]
    public void ToString_InvalidString_QuotesValueLikeGo()
    {
        Assert.Equal("metadata.name: Invalid value: \"Foo_Bar\": bad", FieldError.Invalid("metadata.name", "Foo_Bar", "bad").ToString());
        Assert.Equal("f: Invalid value: \"a\\\"b\\\\c\\n\\t\": d", FieldError.Invalid("f", "a\"b\\c\n\t", "d").ToString());
        Assert.Equal("f: Invalid value: \"\\x01\\u00a0é\": d", FieldError.Invalid("f", "\u0001\u00a0é", "d").ToString());
    }

    [Fact]
    public void ToString_InvalidNumberOrBoolOrNull_PrintsBareValue()
    {
        Assert.Equal(
            "metadata.generation: Invalid value: -1: must be greater than or equal to 0",
            FieldError.Invalid("metadata.generation", -1L, "must be greater than or equal to 0").ToString());
        Assert.Equal("f: Invalid value: true: d", FieldError.Invalid("f", true, "d").ToString());
        Assert.Equal("f: Invalid value: null: d", FieldError.Invalid("f", null, "d").ToString());
    }

    [Fact]
    public void ToString_InvalidListOrJson_PrintsJson()
    {
        Assert.Equal("f: Invalid value: [\"a\",\"b\"]: d", FieldError.Invalid("f", new[] { "a", "b" }, "d").ToString());
        Assert.Equal("f: Invalid value: {\"a\":1}: d", FieldError.Invalid("f", JsonNode.Parse("{\"a\":1}"), "d").ToString());
        Assert.Equal("f: Invalid value: \"x\": d", FieldError.Invalid("f", JsonValue.Create("x"), "d").ToString());
        Assert.Equal("f: Invalid value: 30: d", FieldError.Invalid("f", JsonValue.Create(30), "d").ToString());
    }

    [Fact]
    public void ToString_InvalidWithoutDetail_OmitsTrailingColon()
    {
        Assert.Equal("f: Invalid value: \"x\"", FieldError.Invalid("f", "x", "").ToString());
    }

    [Fact]
    public void ToString_NotSupported_ListsQuotedValues()
    {
        Assert.Equal(
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
            FieldError.NotSupported("spec.restartPolicy", "Sometimes", ["Always", "OnFailure", "Never"]).ToString());
        Assert.Equal("f: Unsupported value: \"x\"", FieldError.NotSupported("f", "x", []).ToString());
    }

    [Fact]
    public void ToString_Forbidden_OmitsValue()
    {
        Assert.Equal("metadata.namespace: Forbidden: not allowed on this type", FieldError.Forbidden("metadata.namespace", "not allowed on this type").ToString());
    }

    [Fact]
    public void ToString_TooLong_SaysBytesAndOmitsValue()
    {
        Assert.Equal("metadata.annotations: Too long: may not be more than 262144 bytes", FieldError.TooLong("metadata.annotations", 262144).ToString());
        Assert.Equal("f: Too long: may not be more than 1 byte", FieldError.TooLong("f", 1).ToString());
        Assert.Equal("f: Too long: value is too long", FieldError.TooLong("f", -1).ToString());
    }

    [Fact]
    public void ToString_DuplicateAndNotFound_PrintValueOnly()
    {
        Assert.Equal("spec.ports[1].name: Duplicate value: \"http\"", FieldError.Duplicate("spec.ports[1].name", "http").ToString());
        Assert.Equal("spec.x: Not found: \"y\"", FieldError.NotFound("spec.x", "y").ToString());
    }

    [Fact]
    public void ErrorBody_Types_MatchKubernetesCauseMessages()
    {
        Assert.Equal("Invalid value: \"x\": d", FieldError.Invalid("f", "x", "d").ErrorBody());
        Assert.Equal(FieldErrorType.Invalid, FieldError.Invalid("f", "x", "d").Type);
        Assert.Equal("FieldValueRequired", FieldError.Required("f").Type);
        Assert.Equal("FieldValueForbidden", FieldError.Forbidden("f", "d").Type);
        Assert.Equal("FieldValueTooLong", FieldError.TooLong("f", 1).Type);
        Assert.Equal("FieldValueNotSupported", FieldError.NotSupported("f", "x", ["y"]).Type);
        Assert.Equal("FieldValueDuplicate", FieldError.Duplicate("f", "x").Type);
    }

    [Fact]
    public void ErrorBody_UnknownType_ReportsInternalError()
    {
        Assert.Equal(
            "Internal error: unhandled error code: <unknown error \"Weird\">: please report this",
            new FieldError("Weird", "f", "x", "").ErrorBody());
    }

    [Fact]
    public void Aggregate_NoneOneOrMany_FormatsAsKubernetes()
    {
        var a = FieldError.Required("a");
        var b = FieldError.Forbidden("b", "no");

        Assert.Equal("", FieldError.Aggregate([]));
        Assert.Equal("a: Required value", FieldError.Aggregate([a]));
        Assert.Equal("[a: Required value, b: Forbidden: no]", FieldError.Aggregate([a, b]));
        Assert.Equal("a: Required value", FieldError.Aggregate([a, a]));
        Assert.Equal("[a: Required value, b: Forbidden: no]", FieldError.Aggregate([a, b, a]));
    }

    [Fact]
    public void FormatInvalidMessage_SingleError_HasNoBrackets()
    {
        var error = FieldError.Invalid("metadata.name", "Foo_Bar", "bad");

        Assert.Equal("Pod \"Foo_Bar\" is invalid: metadata.name: Invalid value: \"Foo_Bar\": bad", FieldError.FormatInvalidMessage("Pod", "", "Foo_Bar", [error]));
    }

    [Fact]
    public void FormatInvalidMessage_GroupedKindAndSeveralErrors_QualifiesKindAndBrackets()
    {
        var message = FieldError.FormatInvalidMessage("Deployment", "apps", "web", [FieldError.Required("spec.selector"), FieldError.Required("spec.template")]);

        Assert.Equal("Deployment.apps \"web\" is invalid: [spec.selector: Required value, spec.template: Required value]", message);
    }

    [Fact]
    public void FormatInvalidMessage_NoErrors_StopsAfterIsInvalid()
    {
        Assert.Equal("ConfigMap \"\" is invalid", FieldError.FormatInvalidMessage("ConfigMap", "", null, []));
    }
}
