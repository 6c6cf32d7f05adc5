using System.Globalization;
using k8s.Models;

namespace Bosun.Controllers.Deployment;

/// <summary>
/// The deployment.kubernetes.io annotations on Deployments and their ReplicaSets (upstream's deploymentutil): the
/// revision each template was last rolled out as, the revisions an old template was rolled out as before (history),
/// and the Deployment size each ReplicaSet was last scaled for (proportional scaling reads them).
/// kubectl's rollout history and undo read the revision annotation on ReplicaSets.
/// </summary>
internal static class RevisionAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    public const string RollbackTo = "deprecated.deployment.rollback.to";
    public const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>Upstream bounds the history annotation to this many characters, dropping the oldest entries.</summary>
    public const int MaxHistoryChars = 2000;

    private static readonly HashSet<string> NotCopied = new(StringComparer.Ordinal) { LastApplied, Revision, RevisionHistory, DesiredReplicas, MaxReplicas, RollbackTo };

    /// <summary>The revision of <paramref name="meta"/>, or null when absent or not a number.</summary>
    public static long? RevisionOf(V1ObjectMeta? meta) =>
        meta?.Annotations?.TryGetValue(Revision, out var text) == true && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The highest revision (0 when none).</summary>
    public static long MaxRevision(IEnumerable<V1ReplicaSet> replicaSets) => replicaSets.Select(rs => RevisionOf(rs.Metadata) ?? 0).DefaultIfEmpty(0).Max();

    /// <summary>The second highest revision (what rollback to revision 0 means).</summary>
    public static long LastRevision(IEnumerable<V1ReplicaSet> replicaSets)
    {
        long max = 0, second = 0;
        foreach (var v in replicaSets.Select(rs => RevisionOf(rs.Metadata) ?? 0))
        {
            if (v >= max)
            {
                second = max;
                max = v;
            }
            else if (v > second)
            {
                second = v;
            }
        }

        return second;
    }

    public static int? DesiredReplicasOf(V1ReplicaSet rs) => IntAnnotation(rs, DesiredReplicas);

    public static int? MaxReplicasOf(V1ReplicaSet rs) => IntAnnotation(rs, MaxReplicas);

    /// <summary>
    /// Brings a (copied, mutable) new ReplicaSet's annotations up to date for <paramref name="newRevision"/>: the
    /// Deployment's own annotations, the revision, the history when an old template is rolled out again, and for a
    /// ReplicaSet about to be created the replica annotations. True when something changed.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(V1Deployment d, V1ReplicaSet rs, long newRevision, bool exists, int maxSurge)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = CopyDeploymentAnnotations(d, rs);
        var hadRevision = annotations.TryGetValue(Revision, out var oldText);
        long oldRevision = 0;
        if (hadRevision && !long.TryParse(oldText, NumberStyles.None, CultureInfo.InvariantCulture, out oldRevision))
        {
            // An unreadable revision is left alone rather than guessed over.
            return changed;
        }

        if (oldRevision < newRevision)
        {
            annotations[Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            if (hadRevision)
            {
                // An old template rolled out again: remember the revisions it had.
                var history = ValueOf(annotations, RevisionHistory) ?? "";
                List<string> entries = history.Length == 0 ? [] : [.. history.Split(',')];
                var total = history.Length + oldText!.Length + 1;
                var start = 0;
                while (total > MaxHistoryChars && start < entries.Count)
                {
                    total -= entries[start].Length + 1;
                    start++;
                }

                if (total <= MaxHistoryChars)
                {
                    annotations[RevisionHistory] = string.Join(',', entries.Skip(start).Append(oldText));
                }
            }
        }

        if (!exists && SetReplicasAnnotations(rs, d.Spec.Replicas ?? 1, (d.Spec.Replicas ?? 1) + maxSurge))
        {
            changed = true;
        }

        return changed;
    }

    /// <summary>Sets desired-replicas and max-replicas; true when either changed.</summary>
    public static bool SetReplicasAnnotations(V1ReplicaSet rs, int desired, int max)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (key, value) in new[] { (DesiredReplicas, desired), (MaxReplicas, max) })
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (ValueOf(annotations, key) != text)
            {
                annotations[key] = text;
                changed = true;
            }
        }

        return changed;
    }

    public static bool ReplicasAnnotationsNeedUpdate(V1ReplicaSet rs, int desired, int max) =>
        DesiredReplicasOf(rs) != desired || MaxReplicasOf(rs) != max;

    /// <summary>Sets the Deployment's revision annotation on a copy; true when it changed.</summary>
    public static bool SetDeploymentRevision(V1Deployment d, string revision)
    {
        var annotations = d.Metadata.Annotations ??= new Dictionary<string, string>();
        if (ValueOf(annotations, Revision) == revision)
        {
            return false;
        }

        annotations[Revision] = revision;
        return true;
    }

    /// <summary>For a rollback: the Deployment keeps its own bookkeeping annotations and takes the ReplicaSet's others.</summary>
    public static void SetDeploymentAnnotationsTo(V1Deployment d, V1ReplicaSet rs)
    {
        var kept = (d.Metadata.Annotations ?? new Dictionary<string, string>()).Where(a => NotCopied.Contains(a.Key));
        var taken = (rs.Metadata.Annotations ?? new Dictionary<string, string>()).Where(a => !NotCopied.Contains(a.Key));
        d.Metadata.Annotations = kept.Concat(taken).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
    }

    private static bool CopyDeploymentAnnotations(V1Deployment d, V1ReplicaSet rs)
    {
        var changed = false;
        var target = rs.Metadata.Annotations!;
        foreach (var (key, value) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            // Bookkeeping annotations are per object; everything else (e.g. kubernetes.io/change-cause) follows the Deployment.
            if (NotCopied.Contains(key) || ValueOf(target, key) == value)
            {
                continue;
            }

            target[key] = value;
            changed = true;
        }

        return changed;
    }

    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    public static string? ValueOf(IDictionary<string, string>? annotations, string key) =>
        annotations is not null && annotations.TryGetValue(key, out var value) ? value : null;

    private static int? IntAnnotation(V1ReplicaSet rs, string key) =>
        rs.Metadata.Annotations?.TryGetValue(key, out var text) == true && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;
}
