using System.Runtime.InteropServices;

namespace Bosun.Bench;

/// <summary>The machine a figure was measured on, printed with every result.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = "unknown CPU";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (model is not null)
                    cpu = model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        catch (IOException)
        {
            // Describing the CPU is a nicety; the figures stand without it.
        }

        return $"{Environment.ProcessorCount} cores ({cpu}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }
}
