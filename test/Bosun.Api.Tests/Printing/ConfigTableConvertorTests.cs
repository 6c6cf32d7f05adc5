using Bosun.Api.Printing.Config;

namespace Bosun.Api.Tests.Printing;

public class ConfigTableConvertorTests
{
    [Fact]
    public void ConfigMap_CountsDataAndBinaryData()
    {
        var row = Rows.Of(ConfigMapTableConvertor.Instance, """{"metadata":{"name":"cfg","creationTimestamp":"CREATED"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}""");

        Assert.Equal(["NAME", "DATA", "AGE"], Rows.Headers(ConfigMapTableConvertor.Instance));
        Assert.Equal(["cfg", 3L, "10m"], row);
    }

    [Fact]
    public void Secret_TypeAndData()
    {
        var row = Rows.Of(SecretTableConvertor.Instance, """{"metadata":{"name":"tls","creationTimestamp":"CREATED"},"type":"kubernetes.io/tls","data":{"tls.crt":"","tls.key":""}}""");

        Assert.Equal(["NAME", "TYPE", "DATA", "AGE"], Rows.Headers(SecretTableConvertor.Instance));
        Assert.Equal(["tls", "kubernetes.io/tls", 2L, "10m"], row);
    }

    [Fact]
    public void ServiceAccount_Secrets()
    {
        var row = Rows.Of(ServiceAccountTableConvertor.Instance, """{"metadata":{"name":"default","creationTimestamp":"CREATED"}}""");

        Assert.Equal(["NAME", "SECRETS", "AGE"], Rows.Headers(ServiceAccountTableConvertor.Instance));
        Assert.Equal(["default", 0L, "10m"], row);
    }

    [Fact]
    public void ResourceQuota_RequestsAndLimitsSorted()
    {
        var row = Rows.Of(ResourceQuotaTableConvertor.Instance, """
            {"metadata":{"name":"q","creationTimestamp":"CREATED"},
             "spec":{"hard":{"pods":"10","requests.cpu":"4","limits.memory":"8Gi","limits.cpu":"8"}},
             "status":{"used":{"pods":"3","requests.cpu":"500m","limits.cpu":"1"}}}
            """);

        Assert.Equal(["NAME", "AGE", "REQUEST", "LIMIT"], Rows.Headers(ResourceQuotaTableConvertor.Instance));
        Assert.Equal(["q", "10m", "pods: 3/10, requests.cpu: 500m/4", "limits.cpu: 1/8, limits.memory: 0/8Gi"], row);
    }
}
