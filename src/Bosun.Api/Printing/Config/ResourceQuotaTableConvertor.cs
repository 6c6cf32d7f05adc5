using System.Text;
using System.Text.Json;

namespace Bosun.Api.Printing.Config;

/// <summary>ResourceQuotas: NAME AGE REQUEST LIMIT; each "resource: used/hard", limits.* under LIMIT.</summary>
public sealed class ResourceQuotaTableConvertor : TableConvertor
{
    public static readonly ResourceQuotaTableConvertor Instance = new();

    private static readonly TableColumn[] ResourceQuotaColumns =
    [
        CommonColumns.Name,
        CommonColumns.Age,
        CommonColumns.Text("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
        CommonColumns.Text("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
    ];

    public override IReadOnlyList<TableColumn> Columns => ResourceQuotaColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var hard = obj.Path("spec", "hard");
        var used = obj.Path("status", "used");
        var names = new List<string>();
        if (hard.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in hard.EnumerateObject())
            {
                names.Add(property.Name);
            }
        }

        names.Sort(string.CompareOrdinal);
        var requests = new StringBuilder();
        var limits = new StringBuilder();
        foreach (var name in names)
        {
            var target = name.StartsWith("limits.", StringComparison.Ordinal) ? limits : requests;
            if (target.Length > 0)
            {
                target.Append(", ");
            }

            target.Append(name).Append(": ").Append(used.Scalar(name) ?? "0").Append('/').Append(hard.Scalar(name));
        }

        return [JsonCells.Name(obj), JsonCells.Age(obj), requests.ToString(), limits.ToString()];
    }
}
