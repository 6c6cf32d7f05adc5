using System.Text.Json;

namespace Bosun.Api.Printing.Networking;

/// <summary>NetworkPolicies: NAME POD-SELECTOR AGE.</summary>
public sealed class NetworkPolicyTableConvertor : TableConvertor
{
    public static readonly NetworkPolicyTableConvertor Instance = new();

    private static readonly TableColumn[] NetworkPolicyColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Pod-Selector", "podSelector selects the pods to which this NetworkPolicy object applies."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => NetworkPolicyColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
        [JsonCells.Name(obj), Selectors.FormatLabelSelector(obj.Path("spec", "podSelector")), JsonCells.Age(obj)];
}
