using System.Text.Json;

namespace Bosun.Api.Printing.Admission;

/// <summary>Mutating and validating webhook configurations: NAME WEBHOOKS AGE.</summary>
public sealed class WebhookConfigurationTableConvertor : TableConvertor
{
    public static readonly WebhookConfigurationTableConvertor Instance = new();

    private static readonly TableColumn[] WebhookColumns =
    [
        CommonColumns.Name,
        CommonColumns.Numeric("Webhooks", "Webhooks indicates the number of webhooks registered in this configuration"),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => WebhookColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
        [JsonCells.Name(obj), (long)obj.Count("webhooks"), JsonCells.Age(obj)];
}
