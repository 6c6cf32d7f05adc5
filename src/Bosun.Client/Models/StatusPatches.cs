using System.Globalization;
using System.Text.Json.Nodes;

namespace Bosun.Client.Models;

/// <summary>
/// Small pods/status bodies components write (DisruptionTarget before an eviction, Ready=False on a lost node):
/// strategic merge patches, so the condition list is merged by type rather than replaced.
/// </summary>
public static class StatusPatches
{
    /// <summary>A metav1.Time as the API writes it (RFC 3339, seconds, UTC).</summary>
    public static string Timestamp(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A strategic merge patch setting one pod condition (transition at <paramref name="now"/>), and the phase
    /// when given.
    /// </summary>
    public static string PodCondition(string type, string status, DateTime now, string? reason = null, string? message = null, string? phase = null)
    {
        var condition = new JsonObject { ["type"] = type, ["status"] = status };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        condition["lastTransitionTime"] = Timestamp(now);
        var statusPart = new JsonObject();
        if (phase is not null)
        {
            statusPart["phase"] = phase;
        }

        statusPart["conditions"] = new JsonArray(condition);
        return new JsonObject { ["status"] = statusPart }.ToJsonString();
    }
}
