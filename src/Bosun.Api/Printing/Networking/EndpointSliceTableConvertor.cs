using System.Globalization;
using System.Text.Json;

namespace Bosun.Api.Printing.Networking;

/// <summary>EndpointSlices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE (at most three of each, "&lt;unset&gt;" when none).</summary>
public sealed class EndpointSliceTableConvertor : TableConvertor
{
    public static readonly EndpointSliceTableConvertor Instance = new();

    private const int Max = 3;

    private static readonly TableColumn[] EndpointSliceColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("AddressType", "addressType specifies the type of address carried by this EndpointSlice."),
        CommonColumns.Text("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice."),
        CommonColumns.Text("Endpoints", "endpoints is a list of unique endpoints in this slice."),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => EndpointSliceColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var ports = new List<string>();
        foreach (var port in obj.Items("ports"))
        {
            ports.Add(port.NumberOrNull("port") is { } number ? JsonCells.Text(number) : port.Str("name") ?? "*");
        }

        var addresses = new List<string>();
        foreach (var endpoint in obj.Items("endpoints"))
        {
            foreach (var address in endpoint.Items("addresses"))
            {
                addresses.Add(address.GetString() ?? "");
            }
        }

        return [JsonCells.Name(obj), obj.Str("addressType") ?? "", WithMore(ports), WithMore(addresses), JsonCells.Age(obj)];
    }

    private static string WithMore(List<string> items)
    {
        if (items.Count == 0)
        {
            return "<unset>";
        }

        var text = string.Join(",", items.Take(Max));
        return items.Count > Max ? string.Create(CultureInfo.InvariantCulture, $"{text} + {items.Count - Max} more...") : text;
    }
}
