using System.Text.RegularExpressions;
using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

public sealed partial class MetadataTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Kubernetes Client => server.Client;

    [GeneratedRegex("^cm-[bcdfghjklmnpqrstvwxz2456789]{5}$")]
    private static partial Regex GeneratedName();

    [Fact]
    public async Task Create_AnyObject_SetsUidCreationTimestampAndResourceVersion()
    {
        var ns = await server.CreateNamespaceAsync();
        var before = DateTime.UtcNow.AddSeconds(-2);
        var cm = await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("meta"), ns);
        Assert.True(Guid.TryParse(cm.Metadata.Uid, out _));
        Assert.NotNull(cm.Metadata.CreationTimestamp);
        Assert.InRange(cm.Metadata.CreationTimestamp!.Value.ToUniversalTime(), before, DateTime.UtcNow.AddSeconds(2));
        Assert.True(long.Parse(cm.Metadata.ResourceVersion) > 0);
        Assert.Equal(ns, cm.Metadata.NamespaceProperty);
    }

    [Fact]
    public async Task Replace_ChangedAndNoOp_ResourceVersionChangesOnlyOnRealChange()
    {
        var ns = await server.CreateNamespaceAsync();
        var cm = await Client.CreateNamespacedConfigMapAsync(Fx.ConfigMap("rv"), ns);
        var noop = await Client.ReplaceNamespacedConfigMapAsync(cm, "rv", ns);
        Assert.Equal(cm.Metadata.ResourceVersion, noop.Metadata.ResourceVersion);

        var noopPatch = await Client.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"k\":\"v\"}}", V1Patch.PatchType.MergePatch), "rv", ns);
        Assert.Equal(cm.Metadata.ResourceVersion, noopPatch.Metadata.ResourceVersion);

        noop.Data["k"] = "changed";
        var changed = await Client.ReplaceNamespacedConfigMapAsync(noop, "rv", ns);
        Assert.NotEqual(cm.Metadata.ResourceVersion, changed.Metadata.ResourceVersion);
        Assert.True(long.Parse(changed.Metadata.ResourceVersion) > long.Parse(cm.Metadata.ResourceVersion));
        Assert.Equal(cm.Metadata.Uid, changed.Metadata.Uid);
        Assert.Equal(cm.Metadata.CreationTimestamp, changed.Metadata.CreationTimestamp);
    }

    [Fact]
    public async Task Update_Deployment_GenerationBumpedOnSpecChangeOnly()
    {
        var ns = await server.CreateNamespaceAsync();
        var d = await Client.CreateNamespacedDeploymentAsync(Fx.Deployment("gen"), ns);
        Assert.Equal(1, d.Metadata.Generation);

        var labelled = await Client.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}", V1Patch.PatchType.MergePatch), "gen", ns);
        Assert.Equal(1, labelled.Metadata.Generation);
        Assert.NotEqual(d.Metadata.ResourceVersion, labelled.Metadata.ResourceVersion);

        var scaled = await Client.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "gen", ns);
        Assert.Equal(2, scaled.Metadata.Generation);

        scaled.Status = new V1DeploymentStatus { ObservedGeneration = 2, Replicas = 4 };
        var status = await Client.ReplaceNamespacedDeploymentStatusAsync(scaled, "gen", ns);
        Assert.Equal(2, status.Metadata.Generation);
    }

    [Fact]
    public async Task Create_GenerateName_AppendsFiveRandomCharacters()
    {
        var ns = await server.CreateNamespaceAsync();
        var names = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var cm = await Client.CreateNamespacedConfigMapAsync(
                new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "cm-" }, Data = new Dictionary<string, string>() }, ns);
            Assert.Matches(GeneratedName(), cm.Metadata.Name);
            Assert.Equal("cm-", cm.Metadata.GenerateName);
            names.Add(cm.Metadata.Name);
        }

        Assert.Equal(5, names.Count);
    }
}
