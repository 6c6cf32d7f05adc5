using System.Globalization;
using System.Text.Json;

namespace Bosun.Api.Printing.Networking;

/// <summary>Ingresses: NAME CLASS HOSTS ADDRESS PORTS AGE.</summary>
public sealed class IngressTableConvertor : TableConvertor
{
    public static readonly IngressTableConvertor Instance = new();

    private const int Max = 3;

    private static readonly TableColumn[] IngressColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Class", "The name of the IngressClass resource that should be used for additional configuration"),
        CommonColumns.Text("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
        CommonColumns.Text("Address", "Address is a list containing ingress points for the load-balancer"),
        CommonColumns.Text("Ports", "Ports of TLS configurations that open"),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => IngressColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        return
        [
            JsonCells.Name(obj),
            spec.Str("ingressClassName") ?? "<none>",
            Hosts(spec),
            string.Join(",", ServiceTableConvertor.LoadBalancerIngress(obj.Path("status", "loadBalancer"))),
            spec.Count("tls") > 0 ? "80, 443" : "80",
            JsonCells.Age(obj),
        ];
    }

    private static string Hosts(JsonElement spec)
    {
        var list = new List<string>();
        var more = false;
        var rules = 0;
        foreach (var rule in spec.Items("rules"))
        {
            rules++;
            if (list.Count == Max)
            {
                more = true;
            }

            if (!more && rule.Str("host") is { Length: > 0 } host)
            {
                list.Add(host);
            }
        }

        if (list.Count == 0)
        {
            return "*";
        }

        var text = string.Join(",", list);
        return more ? string.Create(CultureInfo.InvariantCulture, $"{text} + {rules - Max} more...") : text;
    }
}
