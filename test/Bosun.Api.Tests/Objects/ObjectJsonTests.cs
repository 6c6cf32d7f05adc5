using System.Text;
using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Objects;

namespace Bosun.Api.Tests.Objects;

public class ObjectJsonTests
{
    [Fact]
    public void ToStored_PutsTypeAndMetadataFirstAndDropsResourceVersion()
    {
        var obj = JsonNode.Parse("""{"data":{"a":"b"},"metadata":{"resourceVersion":"7","name":"x"},"kind":"ConfigMap","apiVersion":"v1"}""")!.AsObject();

        var stored = Encoding.UTF8.GetString(ObjectJson.ToStored(obj));

        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"b"}}""", stored);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"resourceVersion":"12","name":"x"}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}""", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"resourceVersion":"12"}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap"}""", """{"metadata":{"resourceVersion":"12"},"apiVersion":"v1","kind":"ConfigMap"}""")]
    public void WithResourceVersion_SplicesVersionIntoMetadata(string stored, string expected)
    {
        var result = Encoding.UTF8.GetString(ObjectJson.WithResourceVersion(Encoding.UTF8.GetBytes(stored), 12));

        Assert.Equal(expected, result);
        Assert.NotNull(JsonNode.Parse(result));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public void ParseObject_NotAnObject_IsBadRequest(string json)
    {
        var error = Assert.Throws<ApiException>(() => ObjectJson.ParseObject(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(400, error.Code);
    }
}
