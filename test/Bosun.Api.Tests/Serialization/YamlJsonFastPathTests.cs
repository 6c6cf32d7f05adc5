using System.Text;
using Bosun.Api.Objects;
using Bosun.Api.Serialization;

namespace Bosun.Api.Tests.Serialization;

/// <summary>A JSON body read with the JSON reader gives exactly what the YAML reader gives for it.</summary>
public sealed class YamlJsonFastPathTests
{
    /// <summary>The object as the API server ends up with it, either way: parsed from compact JSON.</summary>
    private static string ViaYaml(string body) => ObjectJson.ParseObject(ObjectJson.ToBytes(YamlJson.ToJsonNode(Encoding.UTF8.GetBytes(body))!)).ToJsonString();

    private static string? ViaJson(string body) =>
        YamlJsonFastPath.TryConvert(Encoding.UTF8.GetBytes(body)) is { } json ? ObjectJson.ParseObject(json).ToJsonString() : null;

    [Theory]
    [InlineData("""{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","labels":{"b":"1","a":"2"}}}""")]
    [InlineData("""  {"a":1,"a":2,"b":{"x":true,"x":false}}""")]
    [InlineData("""{"n":[0,-1,80,1.0,-0,1e3,1E-7,0.1,1.5e300,12345678901234567890,-9223372036854775808,123456789012345678901234,1e400]}""")]
    [InlineData("""{"s":["a\/b","\u00e9\u0000\t\n","\ud83d\ude00","yes","0755","~",""],"z":null,"t":true}""")]
    [InlineData("""{"Z":1,"a":2,"\u00e9":3,"_":4,"10":5,"9":6}""")]
    [InlineData("\n\t{\r\n \"nested\": {\"list\": [{\"k\": [[]], \"e\": {}}]}\n}\n")]
    public void TryConvert_JsonObject_SameAsYamlReader(string body) =>
        Assert.Equal(ViaYaml(body), ViaJson(body));

    [Theory]
    [InlineData("{a: 1}")]
    [InlineData("""{"a":1} # comment""")]
    [InlineData("""{"a":1}\n---\n{"b":2}""")]
    [InlineData("\uFEFF{\"a\":1}")]
    [InlineData("""[{"a":1}]""")]
    [InlineData("a: 1")]
    public void TryConvert_NotPlainJsonObject_LeftToYamlReader(string body) =>
        Assert.Null(ViaJson(body));

    [Fact]
    public void TryConvert_InvalidUtf8_LeftToYamlReader() =>
        Assert.Null(YamlJsonFastPath.TryConvert(new byte[] { (byte)'{', (byte)'"', 0xff, (byte)'"', (byte)':', (byte)'1', (byte)'}' }));

    [Fact]
    public void TryConvert_DeeperThanJsonReaderDefault_LeftToYamlReader() =>
        Assert.Null(ViaJson(string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70)));
}
