using Bosun.Api.Printing.Networking;

namespace Bosun.Api.Tests.Printing;

public class NetworkingTableConvertorTests
{
    [Fact]
    public void Service_ClusterIpWithNodePort_PrintsPortsAndPlaceholders()
    {
        var row = Rows.Of(ServiceTableConvertor.Instance, """
            {"metadata":{"name":"web","creationTimestamp":"CREATED"},
             "spec":{"type":"NodePort","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"selector":{"app":"web"},
                     "ports":[{"port":80,"protocol":"TCP"},{"port":443,"nodePort":30443,"protocol":"TCP"}]}}
            """);

        Assert.Equal(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR*"], Rows.Headers(ServiceTableConvertor.Instance));
        Assert.Equal(["web", "NodePort", "10.96.0.10", "<none>", "80/TCP,443:30443/TCP", "10m", "app=web"], row);
    }

    [Fact]
    public void Service_HeadlessWithoutPorts_PrintsNone()
    {
        var row = Rows.Of(ServiceTableConvertor.Instance, """{"metadata":{"name":"h"},"spec":{"type":"ClusterIP","clusterIPs":["None"]}}""");

        Assert.Equal(["h", "ClusterIP", "None", "<none>", "<none>", "<unknown>", "<none>"], row);
    }

    [Fact]
    public void Service_OnlyClusterIpSet_PrintsIt()
    {
        var row = Rows.Of(ServiceTableConvertor.Instance, """{"metadata":{"name":"s"},"spec":{"clusterIP":"10.96.0.7","ports":[{"port":53,"protocol":"UDP"}]}}""");

        Assert.Equal(["s", "ClusterIP", "10.96.0.7", "<none>", "53/UDP", "<unknown>", "<none>"], row);
    }

    [Fact]
    public void Service_LoadBalancer_PendingThenAddresses()
    {
        var pending = Rows.Of(ServiceTableConvertor.Instance, """
            {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIPs":["10.96.0.2"],"ports":[{"port":80,"nodePort":31000,"protocol":"TCP"}]}}
            """);
        var ready = Rows.Of(ServiceTableConvertor.Instance, """
            {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","externalIPs":["1.2.3.4"]},
             "status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.9"},{"hostname":"lb.example.com"}]}}}
            """);

        Assert.Equal("<pending>", pending[3]);
        Assert.Equal("80:31000/TCP", pending[4]);
        Assert.Equal("203.0.113.9,lb.example.com,1.2.3.4", ready[3]);
    }

    [Fact]
    public void Service_ExternalName_PrintsTheName()
    {
        var row = Rows.Of(ServiceTableConvertor.Instance, """{"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}""");

        Assert.Equal(["ext", "ExternalName", "<none>", "db.example.com", "<none>", "<unknown>", "<none>"], row);
    }

    [Fact]
    public void Endpoints_ListsAtMostThreeThenMore()
    {
        var row = Rows.Of(EndpointsTableConvertor.Instance, """
            {"metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],"ports":[{"port":80},{"port":443}]}]}
            """);
        var empty = Rows.Of(EndpointsTableConvertor.Instance, """{"metadata":{"name":"none"}}""");

        Assert.Equal(["NAME", "ENDPOINTS", "AGE"], Rows.Headers(EndpointsTableConvertor.Instance));
        Assert.Equal("10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...", row[1]);
        Assert.Equal("<none>", empty[1]);
    }

    [Fact]
    public void EndpointSlice_PortsAndEndpoints()
    {
        var row = Rows.Of(EndpointSliceTableConvertor.Instance, """
            {"metadata":{"name":"web-abc","creationTimestamp":"CREATED"},"addressType":"IPv4",
             "ports":[{"name":"http","port":80}],"endpoints":[{"addresses":["10.0.0.1"]},{"addresses":["10.0.0.2"]}]}
            """);
        var empty = Rows.Of(EndpointSliceTableConvertor.Instance, """{"metadata":{"name":"e"},"addressType":"IPv4"}""");

        Assert.Equal(["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], Rows.Headers(EndpointSliceTableConvertor.Instance));
        Assert.Equal(["web-abc", "IPv4", "80", "10.0.0.1,10.0.0.2", "10m"], row);
        Assert.Equal(["e", "IPv4", "<unset>", "<unset>", "<unknown>"], empty);
    }

    [Fact]
    public void Ingress_ClassHostsAddressPorts()
    {
        var row = Rows.Of(IngressTableConvertor.Instance, """
            {"metadata":{"name":"web","creationTimestamp":"CREATED"},
             "spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.example.com"]}],"rules":[{"host":"a.example.com"},{"host":"b.example.com"}]},
             "status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.1"}]}}}
            """);
        var bare = Rows.Of(IngressTableConvertor.Instance, """{"metadata":{"name":"b"},"spec":{"rules":[{}]}}""");

        Assert.Equal(["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], Rows.Headers(IngressTableConvertor.Instance));
        Assert.Equal(["web", "nginx", "a.example.com,b.example.com", "192.0.2.1", "80, 443", "10m"], row);
        Assert.Equal(["b", "<none>", "*", "", "80", "<unknown>"], bare);
    }

    [Fact]
    public void IngressClass_Parameters()
    {
        var row = Rows.Of(IngressClassTableConvertor.Instance, """
            {"metadata":{"name":"nginx"},"spec":{"controller":"k8s.io/ingress-nginx","parameters":{"apiGroup":"k8s.example.com","kind":"IngressParameters","name":"p"}}}
            """);

        Assert.Equal(["NAME", "CONTROLLER", "PARAMETERS", "AGE"], Rows.Headers(IngressClassTableConvertor.Instance));
        Assert.Equal(["nginx", "k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/p", "<unknown>"], row);
    }

    [Fact]
    public void NetworkPolicy_PodSelector()
    {
        var row = Rows.Of(NetworkPolicyTableConvertor.Instance, """{"metadata":{"name":"deny"},"spec":{"podSelector":{}}}""");
        var app = Rows.Of(NetworkPolicyTableConvertor.Instance, """
            {"metadata":{"name":"web"},"spec":{"podSelector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"canary","operator":"DoesNotExist"}]}}}
            """);

        Assert.Equal(["NAME", "POD-SELECTOR", "AGE"], Rows.Headers(NetworkPolicyTableConvertor.Instance));
        Assert.Equal("<none>", row[1]);
        Assert.Equal("app=web,!canary", app[1]);
    }
}
