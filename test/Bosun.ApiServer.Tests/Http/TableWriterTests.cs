using System.Buffers;
using System.Text;
using System.Text.Json;
using Bosun.Api.Catalog;
using Bosun.ApiServer.Http;
using Bosun.Storage.Cache;

namespace Bosun.ApiServer.Tests.Http;

public class TableWriterTests
{
    private static readonly ResourceDefinition Pods = BuiltInResources.CreateCatalog().Find("", "v1", "pods")!;
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private static CachedObject<int> Pod(string name, string phase, long revision) => new(
        $"/pods/default/{name}",
        Encoding.UTF8.GetBytes($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"default","creationTimestamp":"2026-01-01T09:00:00Z","labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"i"}]},"status":{"phase":"{{{phase}}}"}}"""),
        revision,
        0);

    private static JsonElement Table(CachedObject<int> item, long revision, DateTimeOffset now, RowObject rowObject = RowObject.Metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            TableWriter.Write(writer, Pods, [(item, revision)], revision, null, null, includeColumns: true, rowObject, "v1", now);
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }

    private static string Cell(JsonElement table, int column) => table.GetProperty("rows")[0].GetProperty("cells")[column].ToString();

    [Fact]
    public void Write_SameObjectVersionLater_AgeMovesOn()
    {
        var pod = Pod("web", "Running", 7);

        var first = Table(pod, 7, Created.AddSeconds(30));
        var later = Table(pod, 7, Created.AddMinutes(90));

        Assert.Equal("30s", Cell(first, 4));
        Assert.Equal("90m", Cell(later, 4));
    }

    [Fact]
    public void Write_NewObjectVersion_ShowsNewCells()
    {
        var now = Created.AddHours(1);
        Assert.Equal("Pending", Cell(Table(Pod("web", "Pending", 7), 7, now), 2));

        Assert.Equal("Running", Cell(Table(Pod("web", "Running", 8), 8, now), 2));
    }

    [Theory]
    [InlineData("Succeeded", "The pod has completed successfully.")]
    [InlineData("Failed", "The pod failed.")]
    public void Write_FinishedPod_RowHasCompletedCondition(string phase, string message)
    {
        var row = Table(Pod("job", phase, 7), 7, Created).GetProperty("rows")[0];

        var condition = Assert.Single(row.GetProperty("conditions").EnumerateArray());
        Assert.Equal("Completed", condition.GetProperty("type").GetString());
        Assert.Equal("True", condition.GetProperty("status").GetString());
        Assert.Equal(phase, condition.GetProperty("reason").GetString());
        Assert.Equal(message, condition.GetProperty("message").GetString());
    }

    [Fact]
    public void Write_RunningPod_RowHasNoConditions()
    {
        var row = Table(Pod("web", "Running", 7), 7, Created).GetProperty("rows")[0];

        Assert.False(row.TryGetProperty("conditions", out _));
    }

    [Fact]
    public void Write_MetadataRow_IsPartialObjectMetadataWithResourceVersion()
    {
        var table = Table(Pod("web", "Running", 7), 7, Created);

        var row = table.GetProperty("rows")[0].GetProperty("object");
        Assert.Equal("PartialObjectMetadata", row.GetProperty("kind").GetString());
        Assert.Equal("meta.k8s.io/v1", row.GetProperty("apiVersion").GetString());
        var metadata = row.GetProperty("metadata");
        Assert.Equal("7", metadata.GetProperty("resourceVersion").GetString());
        Assert.Equal("web", metadata.GetProperty("name").GetString());
        Assert.Equal("web", metadata.GetProperty("labels").GetProperty("app").GetString());
        Assert.False(row.TryGetProperty("spec", out _));
    }

    [Fact]
    public void Write_RevisionOtherThanTheObjects_UsesThatRevision()
    {
        // A watch DELETED event carries the deletion's revision, not the object's last one.
        var pod = Pod("web", "Running", 7);
        Table(pod, 7, Created);

        var deleted = Table(pod, 9, Created);

        Assert.Equal("9", deleted.GetProperty("rows")[0].GetProperty("object").GetProperty("metadata").GetProperty("resourceVersion").GetString());
    }

    [Fact]
    public void Write_FullObjectRow_CarriesTheWholeObject()
    {
        var table = Table(Pod("web", "Running", 7), 7, Created, RowObject.FullObject);

        var row = table.GetProperty("rows")[0].GetProperty("object");
        Assert.Equal("Pod", row.GetProperty("kind").GetString());
        Assert.Equal("7", row.GetProperty("metadata").GetProperty("resourceVersion").GetString());
        Assert.Equal("Running", row.GetProperty("status").GetProperty("phase").GetString());
    }
}
