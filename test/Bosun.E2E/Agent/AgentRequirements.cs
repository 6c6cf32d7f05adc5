namespace Bosun.E2E.Agent;

/// <summary>
/// What the agent tests need on the machine (CI has all of it, as root). A missing part fails the whole collection
/// with the package to install; nothing is skipped.
/// </summary>
public static class AgentRequirements
{
    public const string Script = "/usr/bin/script";
    public const string Ip = "/usr/sbin/ip";

    public static void Check()
    {
        Tools.RequireRoot("the node agent runs containerd, mounts volumes and creates network namespaces and a bridge");
        Tools.Require(TestContainerd.Binary, "containerd");
        Tools.Require(TestContainerd.CtrBinary, "containerd");
        Tools.Require(TestContainerd.RuncBinary, "runc");
        foreach (var plugin in new[] { "bridge", "host-local", "loopback", "portmap" })
        {
            Tools.Require(Path.Combine(TestContainerd.CniBinDir, plugin), "containernetworking-plugins");
        }

        Tools.Require(Node.Images.TestImages.BusyboxBinary, "busybox-static");
        Tools.Require(Node.Images.TestImages.CatatonitBinary, "catatonit");
        Tools.Require(LocalRegistry.Binary, "docker-registry");
        Tools.Require(LocalRegistry.SkopeoBinary, "skopeo");
        Tools.Require(Script, "bsdutils");
        Tools.Require(Ip, "iproute2");
    }
}
