using Bosun.Controllers.Deployment;
using k8s.Models;

namespace Bosun.Controllers.Tests.Deployment;

public sealed class RolloutMathTests
{
    [Theory]
    [InlineData("25%", 10, true, 3)]
    [InlineData("25%", 10, false, 2)]
    [InlineData("25%", 1, true, 1)]
    [InlineData("25%", 1, false, 0)]
    [InlineData("3", 10, true, 3)]
    [InlineData("0%", 10, true, 0)]
    public void Scaled_PercentRoundsUpForSurgeDownForUnavailable(string value, int total, bool roundUp, int expected)
    {
        Assert.Equal(expected, RolloutMath.Scaled(value, total, roundUp));
    }

    [Fact]
    public void ResolveFenceposts_BothZero_UnavailableOne()
    {
        Assert.Equal((0, 1), RolloutMath.ResolveFenceposts("0%", "10%", 5));
        Assert.Equal((1, 0), RolloutMath.ResolveFenceposts("1", "0", 5));
    }

    [Fact]
    public void MaxUnavailable_CappedAtReplicas_ZeroForRecreate()
    {
        Assert.Equal(2, RolloutMath.MaxUnavailable(Deployment(2, "0", "5")));
        Assert.Equal(0, RolloutMath.MaxUnavailable(new V1Deployment { Spec = new V1DeploymentSpec { Replicas = 3, Strategy = new V1DeploymentStrategy { Type = "Recreate" } } }));
    }

    [Fact]
    public void NewReplicaSetReplicas_RollingUpdate_BoundedBySurge()
    {
        var d = Deployment(10, "25%", "25%"); // surge 3 -> at most 13 pods
        var old = ReplicaSet(10);
        var fresh = ReplicaSet(0);

        Assert.Equal(3, RolloutMath.NewReplicaSetReplicas(d, [old, fresh], fresh));
        Assert.Equal(5, RolloutMath.NewReplicaSetReplicas(d, [ReplicaSet(8), ReplicaSet(3)], ReplicaSet(3)));
        Assert.Equal(3, RolloutMath.NewReplicaSetReplicas(d, [ReplicaSet(11), ReplicaSet(3)], ReplicaSet(3)));
    }

    [Fact]
    public void Proportion_ScaleUpMidRollout_SharesBySize()
    {
        // Was 10 (+3 surge = 13 max-replicas) split 8 old / 5 new; now 20 (+5 surge = 25): 12 more to share.
        var d = Deployment(20, "25%", "25%");
        var old = ReplicaSet(8, maxReplicas: 13);
        var fresh = ReplicaSet(5, maxReplicas: 13);

        var forOld = RolloutMath.Proportion(old, d, 12, 0);
        var forNew = RolloutMath.Proportion(fresh, d, 12, forOld);

        Assert.Equal((7, 5), (forOld, forNew)); // 8*25/13 = 15.4 -> 15; 5*25/13 = 9.6 -> 10 capped by what is left (5)
    }

    [Fact]
    public void IsSaturated_NeedsSizeAnnotationAndAvailability()
    {
        var d = Deployment(3, "1", "0");
        var rs = ReplicaSet(3);
        rs.Metadata.Annotations = new Dictionary<string, string> { [RevisionAnnotations.DesiredReplicas] = "3" };
        Assert.False(RolloutMath.IsSaturated(d, rs));
        rs.Status = new V1ReplicaSetStatus { AvailableReplicas = 3 };
        Assert.True(RolloutMath.IsSaturated(d, rs));
    }

    private static V1Deployment Deployment(int replicas, string surge, string unavailable) => new()
    {
        Metadata = new V1ObjectMeta { Name = "d" },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = surge, MaxUnavailable = unavailable } },
        },
    };

    private static V1ReplicaSet ReplicaSet(int replicas, int? maxReplicas = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "rs",
            Annotations = maxReplicas is { } m ? new Dictionary<string, string> { [RevisionAnnotations.MaxReplicas] = m.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null,
        },
        Spec = new V1ReplicaSetSpec { Replicas = replicas },
    };
}
