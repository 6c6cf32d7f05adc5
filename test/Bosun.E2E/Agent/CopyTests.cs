using Bosun.E2E.Infrastructure;
using Bosun.Node.Images;

namespace Bosun.E2E.Agent;

/// <summary><c>kubectl cp</c> in and out of a container: tar over exec, so both exec protocols carry binary data.</summary>
[Collection(AgentTestGroup.Name)]
public sealed class CopyTests(AgentCluster cluster)
{
    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Cp_FileInAndOut_SameBytes(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "ag-cp");
        await kubectl.SucceedAsync("run", "box", "-n", ns, "--image=" + TestImages.Busybox, "--", "sleep", "3600");
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "box");

        var dir = Path.Combine(cluster.Server.DataDir, "cp-" + version);
        Directory.CreateDirectory(dir);
        var source = Path.Combine(dir, "in.bin");
        // Binary content bigger than one stream frame (and with every byte value), so framing and encoding both show.
        var bytes = new byte[300_000];
        new Random(42).NextBytes(bytes);
        await File.WriteAllBytesAsync(source, bytes);

        await kubectl.SucceedAsync("cp", source, $"{ns}/box:/tmp/in.bin");
        Assert.Equal("300000", (await Pods.ShAsync(kubectl, ns, "box", "wc -c < /tmp/in.bin")).Trim());

        await Pods.ShAsync(kubectl, ns, "box", "cp /tmp/in.bin /tmp/out.bin && echo tail-line >> /tmp/out.bin");
        var copied = Path.Combine(dir, "out.bin");
        await kubectl.SucceedAsync("cp", $"{ns}/box:/tmp/out.bin", copied);
        var expected = bytes.Concat("tail-line\n"u8.ToArray()).ToArray();
        Assert.Equal(expected, await File.ReadAllBytesAsync(copied));
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
