using System.Text.Json;

namespace Bosun.Api.Printing.Cluster;

/// <summary>Leases: NAME HOLDER AGE.</summary>
public sealed class LeaseTableConvertor : TableConvertor
{
    public static readonly LeaseTableConvertor Instance = new();

    private static readonly TableColumn[] LeaseColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Holder", "holderIdentity contains the identity of the holder of a current lease."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => LeaseColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
        [JsonCells.Name(obj), obj.Prop("spec").Str("holderIdentity") ?? "", JsonCells.Age(obj)];
}
