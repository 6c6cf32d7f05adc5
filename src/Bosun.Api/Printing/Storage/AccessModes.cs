using System.Text.Json;

namespace Bosun.Api.Printing.Storage;

/// <summary>Access modes as kubectl abbreviates them: "RWO,ROX,RWX,RWOP", in that order, each once.</summary>
public static class AccessModes
{
    /// <summary>The abbreviated accessModes of <paramref name="holder"/> (a PV spec or a PVC status).</summary>
    public static string Format(JsonElement holder)
    {
        var modes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mode in holder.Items("accessModes"))
        {
            modes.Add(mode.GetString() ?? "");
        }

        var list = new List<string>(4);
        if (modes.Contains("ReadWriteOnce"))
        {
            list.Add("RWO");
        }

        if (modes.Contains("ReadOnlyMany"))
        {
            list.Add("ROX");
        }

        if (modes.Contains("ReadWriteMany"))
        {
            list.Add("RWX");
        }

        if (modes.Contains("ReadWriteOncePod"))
        {
            list.Add("RWOP");
        }

        return string.Join(",", list);
    }
}
