using Bosun.Controllers.Deployment;
using k8s.Models;

namespace Bosun.Controllers.Tests.Deployment;

public sealed class PodTemplateHashTests
{
    [Fact]
    public void Compute_SameTemplate_SameSafeValue()
    {
        var a = PodTemplateHash.Compute(Template("busybox", ("app", "web"), ("tier", "front")), null);
        var b = PodTemplateHash.Compute(Template("busybox", ("tier", "front"), ("app", "web")), null);

        Assert.Equal(a, b);
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]{1,10}$", a);
    }

    [Fact]
    public void Compute_DifferentTemplateOrCollisionCount_DifferentValue()
    {
        var template = Template("busybox", ("app", "web"));

        Assert.NotEqual(PodTemplateHash.Compute(template, null), PodTemplateHash.Compute(Template("busybox:2", ("app", "web")), null));
        Assert.NotEqual(PodTemplateHash.Compute(template, null), PodTemplateHash.Compute(template, 1));
        Assert.NotEqual(PodTemplateHash.Compute(template, 1), PodTemplateHash.Compute(template, 2));
    }

    [Fact]
    public void EqualIgnoringHash_OnlyHashLabelDiffers_Equal()
    {
        var withHash = Template("busybox", ("app", "web"), (PodTemplateHash.LabelKey, "abc"));

        Assert.True(PodTemplateHash.EqualIgnoringHash(withHash, Template("busybox", ("app", "web"))));
        Assert.False(PodTemplateHash.EqualIgnoringHash(withHash, Template("busybox:2", ("app", "web"))));
    }

    private static V1PodTemplateSpec Template(string image, params (string Key, string Value)[] labels) => new()
    {
        Metadata = new V1ObjectMeta { Labels = labels.ToDictionary(l => l.Key, l => l.Value) },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = image }] },
    };
}
