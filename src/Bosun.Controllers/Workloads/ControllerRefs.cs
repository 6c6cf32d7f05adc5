using System.Text.Json.Nodes;
using k8s.Models;

namespace Bosun.Controllers.Workloads;

/// <summary>Controller owner references: reading them, and the patches that adopt and release (upstream's ControllerRefManager).</summary>
internal static class ControllerRefs
{
    /// <summary>The owner reference with controller=true, if any.</summary>
    public static V1OwnerReference? Of(V1ObjectMeta? meta) => meta?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    /// <summary>A controller reference to an owner; blockOwnerDeletion makes foreground deletion wait for the dependent.</summary>
    public static V1OwnerReference To(string apiVersion, string kind, V1ObjectMeta owner) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>
    /// A strategic merge patch adding <paramref name="reference"/>. metadata.uid is the precondition upstream uses: the
    /// patch fails (422, uid is immutable) if the object was deleted and recreated under the same name meanwhile.
    /// </summary>
    public static string AdoptPatch(V1OwnerReference reference, string dependentUid) =>
        new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = reference.ApiVersion,
                    ["kind"] = reference.Kind,
                    ["name"] = reference.Name,
                    ["uid"] = reference.Uid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
                ["uid"] = dependentUid,
            },
        }.ToJsonString();

    /// <summary>A strategic merge patch removing the reference to <paramref name="ownerUid"/>, with the same uid precondition.</summary>
    public static string ReleasePatch(string ownerUid, string dependentUid) =>
        new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["ownerReferences"] = new JsonArray(new JsonObject { ["$patch"] = "delete", ["uid"] = ownerUid }),
                ["uid"] = dependentUid,
            },
        }.ToJsonString();
}
