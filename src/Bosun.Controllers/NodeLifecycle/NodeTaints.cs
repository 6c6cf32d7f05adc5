using k8s.Models;

namespace Bosun.Controllers.NodeLifecycle;

/// <summary>
/// The taints node lifecycle owns, derived from a node's conditions and spec.unschedulable (TaintNodesByCondition for
/// NoSchedule; taint-based eviction for NoExecute), and the merge of those into the node's other taints.
/// </summary>
internal static class NodeTaints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";

    private static readonly (string Condition, string Status, string Key)[] NoScheduleByCondition =
    [
        ("Ready", "False", NotReady),
        ("Ready", "Unknown", Unreachable),
        ("MemoryPressure", "True", "node.kubernetes.io/memory-pressure"),
        ("DiskPressure", "True", "node.kubernetes.io/disk-pressure"),
        ("PIDPressure", "True", "node.kubernetes.io/pid-pressure"),
        ("NetworkUnavailable", "True", "node.kubernetes.io/network-unavailable"),
    ];

    /// <summary>Every key this controller manages (with its effect); taints of other keys are left alone.</summary>
    private static readonly HashSet<(string Key, string Effect)> Managed =
    [
        .. NoScheduleByCondition.Select(c => (c.Key, "NoSchedule")),
        (Unschedulable, "NoSchedule"),
        (NotReady, "NoExecute"),
        (Unreachable, "NoExecute"),
    ];

    /// <summary>The Ready condition's status: True, False or Unknown (a node that never reported is Unknown).</summary>
    public static string ReadyStatus(V1Node node) =>
        node?.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status ?? "Unknown";

    /// <summary>The NoSchedule taints the node's conditions and spec call for.</summary>
    public static IEnumerable<string> NoScheduleKeys(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var conditions = node.Status?.Conditions ?? [];
        foreach (var (condition, status, key) in NoScheduleByCondition)
        {
            if (conditions.Any(c => c.Type == condition && c.Status == status))
            {
                yield return key;
            }
        }

        if (node.Spec?.Unschedulable == true)
        {
            yield return Unschedulable;
        }
    }

    /// <summary>The NoExecute taint key the node's readiness calls for, or null for a Ready node.</summary>
    public static string? NoExecuteKey(V1Node node) => ReadyStatus(node) switch
    {
        "True" => null,
        "False" => NotReady,
        _ => Unreachable,
    };

    /// <summary>
    /// The node's taints with the managed ones replaced by <paramref name="noSchedule"/> and <paramref name="noExecute"/>;
    /// taints that stay keep their timeAdded. Null when nothing changes.
    /// </summary>
    public static List<V1Taint>? Reconcile(IList<V1Taint>? current, IEnumerable<string> noSchedule, string? noExecute, DateTime now)
    {
        var existing = current ?? [];
        var wanted = noSchedule.Select(k => (Key: k, Effect: "NoSchedule")).ToList();
        if (noExecute is not null)
        {
            wanted.Add((noExecute, "NoExecute"));
        }

        var result = existing.Where(t => !Managed.Contains((t.Key, t.Effect))).ToList();
        foreach (var (key, effect) in wanted)
        {
            var kept = existing.FirstOrDefault(t => t.Key == key && t.Effect == effect);
            result.Add(kept ?? new V1Taint { Key = key, Effect = effect, TimeAdded = effect == "NoExecute" ? now : null });
        }

        var unchanged = result.Count == existing.Count && result.All(t => existing.Contains(t));
        return unchanged ? null : result;
    }
}
