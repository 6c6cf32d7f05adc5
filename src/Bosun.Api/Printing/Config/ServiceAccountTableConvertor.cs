using System.Text.Json;

namespace Bosun.Api.Printing.Config;

/// <summary>ServiceAccounts: NAME SECRETS AGE.</summary>
public sealed class ServiceAccountTableConvertor : TableConvertor
{
    public static readonly ServiceAccountTableConvertor Instance = new();

    private static readonly TableColumn[] ServiceAccountColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => ServiceAccountColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
        [JsonCells.Name(obj), (long)obj.Count("secrets"), JsonCells.Age(obj)];
}
