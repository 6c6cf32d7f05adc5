using System.Globalization;

namespace Bosun.ApiServer.Metrics;

/// <summary>
/// Quantities as metrics-server writes them: CPU in nano cores (<c>12345n</c>), memory in bytes with the largest
/// binary suffix that divides it exactly (<c>1234Ki</c>, or plain bytes), windows as Go durations (<c>10.5s</c>).
/// </summary>
internal static class MetricsQuantities
{
    private static readonly string[] BinarySuffixes = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    public static string Cpu(ulong nanoCores) =>
        nanoCores == 0 ? "0" : nanoCores.ToString(CultureInfo.InvariantCulture) + "n";

    public static string Memory(ulong bytes)
    {
        if (bytes == 0)
        {
            return "0";
        }

        var value = bytes;
        var suffix = -1;
        while (suffix < BinarySuffixes.Length - 1 && value % 1024 == 0)
        {
            value /= 1024;
            suffix++;
        }

        return value.ToString(CultureInfo.InvariantCulture) + (suffix < 0 ? "" : BinarySuffixes[suffix]);
    }

    public static string Window(double seconds) =>
        Math.Round(Math.Max(seconds, 0), 3).ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
