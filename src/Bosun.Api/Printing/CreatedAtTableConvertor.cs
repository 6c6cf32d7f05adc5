using System.Globalization;
using System.Text.Json;

namespace Bosun.Api.Printing;

/// <summary>
/// kube-apiserver's default table convertor (rest.NewDefaultTableConvertor), used for kinds without a
/// printer such as Roles, ClusterRoles, LimitRanges and CRDs: NAME and CREATED AT (an RFC 3339 time).
/// </summary>
public sealed class CreatedAtTableConvertor : TableConvertor
{
    public static readonly CreatedAtTableConvertor Instance = new();

    private static readonly TableColumn[] CreatedAtColumns =
    [
        CommonColumns.Name,
        new("Created At", "date", "", CommonColumns.CreationTimestampDescription),
    ];

    public override IReadOnlyList<TableColumn> Columns => CreatedAtColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var created = JsonCells.Time(obj.Prop("metadata").Str("creationTimestamp"));

        // Go formats the zero time when the timestamp is missing.
        var text = (created ?? DateTimeOffset.MinValue).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return [JsonCells.Name(obj), text];
    }
}
