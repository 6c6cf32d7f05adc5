using System.Text.Json;

namespace Bosun.Api.Printing.Config;

/// <summary>ConfigMaps: NAME DATA AGE; DATA counts data and binaryData keys.</summary>
public sealed class ConfigMapTableConvertor : TableConvertor
{
    public static readonly ConfigMapTableConvertor Instance = new();

    private static readonly TableColumn[] ConfigMapColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Data", "Data contains the configuration data."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => ConfigMapColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
        [JsonCells.Name(obj), (long)(obj.Count("data") + obj.Count("binaryData")), JsonCells.Age(obj)];
}
