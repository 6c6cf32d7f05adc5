using System.Text.Json.Nodes;
using Bosun.Api.Strategies;

namespace Bosun.Api.Tests.Strategies;

public class PodValidationTests
{
    private static List<string> Errors(string spec)
    {
        var pod = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":""" + spec + "}")!.AsObject();
        PodStrategy.Instance.ApplyDefaults(pod);
        return PodStrategy.Instance.Validate(pod).Select(c => c.Field + ": " + c.Message).ToList();
    }

    [Fact]
    public void Validate_ValidPod_HasNoErrors()
    {
        Assert.Empty(Errors("""{"containers":[{"name":"web","image":"nginx","ports":[{"name":"http","containerPort":80}],"volumeMounts":[{"name":"data","mountPath":"/d"}]}],"volumes":[{"name":"data"}]}"""));
    }

    [Fact]
    public void Validate_ContainerNameNotALabel_IsInvalid()
    {
        var error = Assert.Single(Errors("""{"containers":[{"name":"Web_1","image":"nginx"}]}"""));

        Assert.StartsWith("spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PortsOutOfRange_AreInvalid()
    {
        var errors = Errors("""{"containers":[{"name":"c","image":"x","ports":[{"containerPort":70000,"hostPort":-1,"protocol":"HTTP"}]}]}""");

        Assert.Contains("spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive", errors);
        Assert.Contains("spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive", errors);
        Assert.Contains("spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"", errors);
    }

    [Fact]
    public void Validate_UnknownRestartPolicy_IsUnsupported()
    {
        var error = Assert.Single(Errors("""{"restartPolicy":"Sometimes","containers":[{"name":"c","image":"x"}]}"""));

        Assert.Equal("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"", error);
    }

    [Fact]
    public void Validate_RequestAboveLimit_IsInvalid()
    {
        var error = Assert.Single(Errors("""{"containers":[{"name":"c","image":"x","resources":{"requests":{"cpu":"2"},"limits":{"cpu":"1000m"}}}]}"""));

        Assert.Equal("spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1", error);
    }

    [Fact]
    public void Validate_MountOfMissingVolume_IsNotFound()
    {
        var error = Assert.Single(Errors("""{"containers":[{"name":"c","image":"x","volumeMounts":[{"name":"nope","mountPath":"/x"}]}]}"""));

        Assert.Equal("spec.containers[0].volumeMounts[0].name: Not found: \"nope\"", error);
    }

    [Theory]
    [InlineData("http", 0)]
    [InlineData("a-very-long-port-name", 1)]
    [InlineData("80", 1)]
    [InlineData("a--b", 1)]
    [InlineData("-a", 1)]
    public void PortName_IanaServiceNames_FollowKubernetes(string name, int errors)
    {
        Assert.Equal(errors, PodValidation.PortName(name).Count());
    }
}
