using System.Text.Json;

namespace Bosun.Api.Printing.Config;

/// <summary>Secrets: NAME TYPE DATA AGE.</summary>
public sealed class SecretTableConvertor : TableConvertor
{
    public static readonly SecretTableConvertor Instance = new();

    private static readonly TableColumn[] SecretColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Type", "Used to facilitate programmatic handling of secret data."),
        CommonColumns.Text("Data", "Data contains the secret data."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => SecretColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
        [JsonCells.Name(obj), obj.Str("type") ?? "Opaque", (long)obj.Count("data"), JsonCells.Age(obj)];
}
