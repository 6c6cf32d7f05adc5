namespace Bosun.E2E.Infrastructure;

/// <summary>A fresh namespace per test and kubectl version, optionally holding the web app manifest.</summary>
public static class TestNamespaces
{
    /// <summary>Creates the namespace with <c>create -f</c> (JSON on the wire), so only tests about typed commands need protobuf.</summary>
    public static async Task<(Kubectl Kubectl, string Namespace)> NamespaceAsync(this BosunServer server, string version, string prefix)
    {
        var kubectl = Kubectl.For(version, server);
        var ns = Names.For(prefix, version);
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.Namespace(ns)));
        return (kubectl, ns);
    }

    /// <summary>A fresh namespace with the web app (ConfigMap, Deployment, Service) created in it.</summary>
    public static async Task<(Kubectl Kubectl, string Namespace)> WebAppAsync(this BosunServer server, string version, string prefix)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, prefix);
        await kubectl.SucceedAsync("create", "-n", ns, "-f", Manifests.Write(server, Manifests.WebApp("web")));
        return (kubectl, ns);
    }
}
