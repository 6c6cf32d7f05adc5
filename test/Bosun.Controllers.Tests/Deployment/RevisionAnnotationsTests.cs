using Bosun.Controllers.Deployment;
using k8s.Models;

namespace Bosun.Controllers.Tests.Deployment;

public sealed class RevisionAnnotationsTests
{
    [Fact]
    public void SetNewReplicaSetAnnotations_OldTemplateRolledOutAgain_HistoryKeepsItsRevisions()
    {
        var d = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["kubernetes.io/change-cause"] = "undo", [RevisionAnnotations.Revision] = "4" } },
            Spec = new V1DeploymentSpec { Replicas = 3 },
        };
        var rs = new V1ReplicaSet { Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { [RevisionAnnotations.Revision] = "3", [RevisionAnnotations.RevisionHistory] = "1" } } };

        Assert.True(RevisionAnnotations.SetNewReplicaSetAnnotations(d, rs, 5, exists: true, maxSurge: 1));

        Assert.Equal("5", rs.Metadata.Annotations[RevisionAnnotations.Revision]);
        Assert.Equal("1,3", rs.Metadata.Annotations[RevisionAnnotations.RevisionHistory]);
        Assert.Equal("undo", rs.Metadata.Annotations["kubernetes.io/change-cause"]);
        Assert.False(rs.Metadata.Annotations.ContainsKey(RevisionAnnotations.DesiredReplicas));
    }

    [Fact]
    public void SetNewReplicaSetAnnotations_NewReplicaSet_ReplicaAnnotationsNoHistory()
    {
        var d = new V1Deployment { Metadata = new V1ObjectMeta(), Spec = new V1DeploymentSpec { Replicas = 4 } };
        var rs = new V1ReplicaSet { Metadata = new V1ObjectMeta() };

        RevisionAnnotations.SetNewReplicaSetAnnotations(d, rs, 1, exists: false, maxSurge: 1);

        Assert.Equal(("1", "4", "5"), (rs.Metadata.Annotations[RevisionAnnotations.Revision], rs.Metadata.Annotations[RevisionAnnotations.DesiredReplicas], rs.Metadata.Annotations[RevisionAnnotations.MaxReplicas]));
        Assert.False(rs.Metadata.Annotations.ContainsKey(RevisionAnnotations.RevisionHistory));
    }

    [Fact]
    public void LastRevision_SecondHighest()
    {
        V1ReplicaSet[] sets = [.. new[] { "2", "7", "5" }.Select(r => new V1ReplicaSet { Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { [RevisionAnnotations.Revision] = r } } })];

        Assert.Equal((7, 5), (RevisionAnnotations.MaxRevision(sets), RevisionAnnotations.LastRevision(sets)));
    }
}
