using System.Text.Json;
using Bosun.Api.Catalog;
using Bosun.Api.Printing;
using Bosun.Api.Printing.Workloads;

namespace Bosun.Api.Tests.Printing;

public class TableConvertorsTests
{
    // Kinds kube-apiserver prints with its default table convertor (NAME, CREATED AT).
    private static readonly HashSet<string> CreatedAtKinds = ["Role", "ClusterRole", "LimitRange", "CustomResourceDefinition"];

    public static TheoryData<string, string> ListedKinds()
    {
        var data = new TheoryData<string, string>();
        // Tables are printed from stored objects, so a version that converts prints with its storage group's convertor.
        // Computed resources (metrics.k8s.io) are not stored and answer as JSON only.
        foreach (var resource in BuiltInResources.All.Where(r => r.Verbs.Contains("list") && !r.Computed).DistinctBy(r => (r.StorageGroup, r.Kind)))
        {
            data.Add(resource.StorageGroup, resource.Kind);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ListedKinds))]
    public void For_EveryListedBuiltInKind_HasItsOwnPrinter(string group, string kind)
    {
        var convertor = TableConvertors.For(group, kind);

        Assert.NotSame(TableConvertor.Default, convertor);
        Assert.Equal(CreatedAtKinds.Contains(kind), convertor is CreatedAtTableConvertor);
    }

    [Theory]
    [MemberData(nameof(ListedKinds))]
    public void Cells_EmptyObject_OneCellPerColumnWithoutThrowing(string group, string kind)
    {
        var convertor = TableConvertors.For(group, kind);
        using var document = JsonDocument.Parse("""{"metadata":{"name":"x"}}""");

        var cells = convertor.Cells(document.RootElement, Rows.Now);

        Assert.Equal(convertor.Columns.Count, cells.Count);
        Assert.Equal("x", cells[convertor.Columns.ToList().FindIndex(c => c.Format == "name")]);
        Assert.All(convertor.Columns, c => Assert.InRange(c.Priority, 0, 1));
    }

    [Fact]
    public void For_UnknownKind_IsNameAndAge()
    {
        var convertor = TableConvertors.For("example.com", "Widget");

        Assert.Same(TableConvertor.Default, convertor);
        Assert.Same(PodTableConvertor.Instance, TableConvertors.For("", "Pod"));
    }
}
