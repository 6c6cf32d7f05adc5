using System.Text;
using System.Text.Json;
using Bosun.Api.Catalog;
using Bosun.Api.OpenApi;
using k8s.Models;

namespace Bosun.Api.Tests.OpenApi;

public class ModelDocumentationTests
{
    private static readonly OpenApiV3Documents Documents = OpenApiV3Documents.Create(BuiltInResources.CreateCatalog());

    [Fact]
    public void Read_WrappedSummaryWithParagraphs_JoinsLinesAndKeepsParagraphs()
    {
        const string xml = """
            <?xml version="1.0"?>
            <doc><members>
                <member name="P:k8s.Models.V1PodSpec.Containers">
                    <summary>
                    List of containers belonging to the pod. Containers cannot currently be added or
                    removed. Use &lt;b&gt; &amp; more.

                    Second paragraph.
                    </summary>
                </member>
                <member name="M:k8s.Kubernetes.ListPod"><summary>ignored</summary></member>
            </members></doc>
            """;

        var docs = ModelDocumentation.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

        Assert.Equal(1, docs.Count);
        Assert.Equal(
            "List of containers belonging to the pod. Containers cannot currently be added or removed. Use <b> & more.\n\nSecond paragraph.",
            docs.Of(typeof(V1PodSpec).GetProperty(nameof(V1PodSpec.Containers))!));
    }

    [Fact]
    public void Load_PackageXml_DescribesPodSpecContainers()
    {
        var docs = ModelDocumentation.Load();

        Assert.StartsWith("List of containers belonging to the pod.", docs.Of(typeof(V1PodSpec).GetProperty(nameof(V1PodSpec.Containers))!), StringComparison.Ordinal);
        Assert.StartsWith("Pod is a collection of containers", docs.Of(typeof(V1Pod)), StringComparison.Ordinal);
    }

    [Fact]
    public void Document_CoreV1_HasKindAndFieldDescriptionsAndRequired()
    {
        Assert.True(Documents.TryGet("api/v1", out var document));
        using var json = JsonDocument.Parse(document.Body);
        var schemas = json.RootElement.GetProperty("components").GetProperty("schemas");
        var pod = schemas.GetProperty("io.k8s.api.core.v1.Pod");
        var podSpec = schemas.GetProperty("io.k8s.api.core.v1.PodSpec");
        var container = schemas.GetProperty("io.k8s.api.core.v1.Container");

        Assert.StartsWith("Pod is a collection of containers", pod.GetProperty("description").GetString(), StringComparison.Ordinal);
        // A described reference is wrapped in allOf, as Kubernetes publishes it.
        var spec = pod.GetProperty("properties").GetProperty("spec");
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.PodSpec", spec.GetProperty("allOf")[0].GetProperty("$ref").GetString());
        Assert.StartsWith("Specification of the desired behavior of the pod.", spec.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("List of containers belonging to the pod.", podSpec.GetProperty("properties").GetProperty("containers").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("IntOrString is a type that can hold an int32 or a string.", schemas.GetProperty("io.k8s.apimachinery.pkg.util.intstr.IntOrString").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Name of the container", container.GetProperty("properties").GetProperty("name").GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
