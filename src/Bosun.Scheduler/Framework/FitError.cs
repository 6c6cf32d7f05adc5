using System.Text;

namespace Bosun.Scheduler.Framework;

/// <summary>
/// The message of a pod that fits nowhere, in kube-scheduler's exact form: "0/N nodes are available:" then each
/// distinct reason with how many nodes gave it, as "count reason" sorted as strings, then the preemption
/// outcome, e.g. "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: ...".
/// </summary>
internal static class FitError
{
    public static string Message(int allNodes, IEnumerable<NodeStatus?> statuses, string? postFilterMessage = null)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var histogram = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var status in statuses)
        {
            if (status is null)
            {
                continue;
            }

            foreach (var reason in status.Reasons)
            {
                histogram[reason] = histogram.GetValueOrDefault(reason) + 1;
            }
        }

        var reasons = histogram.Select(kv => $"{kv.Value} {kv.Key}").ToList();
        // Go's sort.Strings: byte order.
        reasons.Sort(StringComparer.Ordinal);
        var message = new StringBuilder();
        message.Append("0/").Append(allNodes).Append(" nodes are available:");
        if (reasons.Count > 0)
        {
            message.Append(' ').AppendJoin(", ", reasons).Append('.');
        }

        if (!string.IsNullOrEmpty(postFilterMessage))
        {
            message.Append(' ').Append(postFilterMessage);
            if (!postFilterMessage.EndsWith('.'))
            {
                message.Append('.');
            }
        }

        return message.ToString();
    }
}
