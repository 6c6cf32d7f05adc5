using Bosun.Api.Printing.Storage;

namespace Bosun.Api.Tests.Printing;

public class StorageTableConvertorTests
{
    [Fact]
    public void PersistentVolume_BoundToAClaim()
    {
        var row = Rows.Of(PersistentVolumeTableConvertor.Instance, """
            {"metadata":{"name":"pv-1","creationTimestamp":"CREATED"},
             "spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Retain",
                     "claimRef":{"namespace":"default","name":"data"},"storageClassName":"standard","volumeMode":"Filesystem"},
             "status":{"phase":"Bound"}}
            """);

        Assert.Equal(
            ["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE", "VOLUMEMODE*"],
            Rows.Headers(PersistentVolumeTableConvertor.Instance));
        Assert.Equal(["pv-1", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "standard", "<unset>", "", "10m", "Filesystem"], row);
    }

    [Fact]
    public void PersistentVolumeClaim_PendingThenBound()
    {
        var pending = Rows.Of(PersistentVolumeClaimTableConvertor.Instance, """
            {"metadata":{"name":"data","creationTimestamp":"CREATED"},"spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"standard"},"status":{"phase":"Pending"}}
            """);
        var bound = Rows.Of(PersistentVolumeClaimTableConvertor.Instance, """
            {"metadata":{"name":"data","creationTimestamp":"CREATED"},"spec":{"volumeName":"pv-1","storageClassName":"standard","volumeMode":"Filesystem"},
             "status":{"phase":"Bound","capacity":{"storage":"10Gi"},"accessModes":["ReadWriteOnce"]}}
            """);

        Assert.Equal(
            ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE", "VOLUMEMODE*"],
            Rows.Headers(PersistentVolumeClaimTableConvertor.Instance));
        Assert.Equal(["data", "Pending", "", "", "", "standard", "<unset>", "10m", "<unset>"], pending);
        Assert.Equal(["data", "Bound", "pv-1", "10Gi", "RWO", "standard", "<unset>", "10m", "Filesystem"], bound);
    }

    [Fact]
    public void StorageClass_DefaultMarkedAndDefaults()
    {
        var row = Rows.Of(StorageClassTableConvertor.Instance, """
            {"metadata":{"name":"standard","creationTimestamp":"CREATED","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
             "provisioner":"rancher.io/local-path","volumeBindingMode":"WaitForFirstConsumer"}
            """);

        Assert.Equal(["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], Rows.Headers(StorageClassTableConvertor.Instance));
        Assert.Equal(["standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", false, "10m"], row);
    }

    [Fact]
    public void CsiDriver_FlagsTokenRequestsAndModes()
    {
        var row = Rows.Of(CsiDriverTableConvertor.Instance, """
            {"metadata":{"name":"csi.example.com"},"spec":{"attachRequired":false,"podInfoOnMount":true,
              "tokenRequests":[{"audience":"vault"}],"volumeLifecycleModes":["Persistent","Ephemeral"]}}
            """);

        Assert.Equal(
            ["NAME", "ATTACHREQUIRED", "PODINFOONMOUNT", "STORAGECAPACITY", "TOKENREQUESTS", "REQUIRESREPUBLISH", "MODES", "AGE"],
            Rows.Headers(CsiDriverTableConvertor.Instance));
        Assert.Equal(["csi.example.com", false, true, false, "vault", false, "Persistent,Ephemeral", "<unknown>"], row);
    }

    [Fact]
    public void CsiNode_Drivers()
    {
        var row = Rows.Of(CsiNodeTableConvertor.Instance, """{"metadata":{"name":"node-1"},"spec":{"drivers":[{"name":"a"},{"name":"b"}]}}""");

        Assert.Equal(["NAME", "DRIVERS", "AGE"], Rows.Headers(CsiNodeTableConvertor.Instance));
        Assert.Equal(["node-1", 2L, "<unknown>"], row);
    }

    [Fact]
    public void CsiStorageCapacity_ClassAndCapacity()
    {
        var row = Rows.Of(CsiStorageCapacityTableConvertor.Instance, """{"metadata":{"name":"c"},"storageClassName":"fast","capacity":"100Gi"}""");

        Assert.Equal(["NAME", "STORAGECLASSNAME", "CAPACITY"], Rows.Headers(CsiStorageCapacityTableConvertor.Instance));
        Assert.Equal(["c", "fast", "100Gi"], row);
    }

    [Fact]
    public void VolumeAttachment_AttacherPvNodeAttached()
    {
        var row = Rows.Of(VolumeAttachmentTableConvertor.Instance, """
            {"metadata":{"name":"csi-123"},"spec":{"attacher":"csi.example.com","nodeName":"node-1","source":{"persistentVolumeName":"pv-1"}},"status":{"attached":true}}
            """);

        Assert.Equal(["NAME", "ATTACHER", "PV", "NODE", "ATTACHED", "AGE"], Rows.Headers(VolumeAttachmentTableConvertor.Instance));
        Assert.Equal(["csi-123", "csi.example.com", "pv-1", "node-1", true, "<unknown>"], row);
    }
}
