using System.Globalization;
using System.Text.Json;

namespace Bosun.Api.Printing.Networking;

/// <summary>Endpoints: NAME ENDPOINTS AGE; at most three "ip:port" entries, then "+ N more...".</summary>
public sealed class EndpointsTableConvertor : TableConvertor
{
    public static readonly EndpointsTableConvertor Instance = new();

    private const int Max = 3;

    private static readonly TableColumn[] EndpointsColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Endpoints", "The set of all endpoints is the union of all subsets."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => EndpointsColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj) =>
        [JsonCells.Name(obj), Format(obj), JsonCells.Age(obj)];

    private static string Format(JsonElement obj)
    {
        if (obj.Count("subsets") == 0)
        {
            return "<none>";
        }

        var list = new List<string>();
        var more = false;
        var count = 0;
        foreach (var subset in obj.Items("subsets"))
        {
            var addresses = subset.Count("addresses");
            if (subset.Count("ports") == 0)
            {
                // Headless services may have no ports.
                count += addresses;
                foreach (var address in subset.Items("addresses"))
                {
                    if (list.Count == Max)
                    {
                        more = true;
                        break;
                    }

                    list.Add(address.Str("ip") ?? "");
                }

                continue;
            }

            foreach (var port in subset.Items("ports"))
            {
                count += addresses;
                foreach (var address in subset.Items("addresses"))
                {
                    if (list.Count == Max)
                    {
                        more = true;
                        break;
                    }

                    list.Add(JoinHostPort(address.Str("ip") ?? "", port.Number("port")));
                }
            }
        }

        var text = string.Join(",", list);
        return more ? string.Create(CultureInfo.InvariantCulture, $"{text} + {count - Max} more...") : text;
    }

    private static string JoinHostPort(string host, long port) =>
        host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{host}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
}
