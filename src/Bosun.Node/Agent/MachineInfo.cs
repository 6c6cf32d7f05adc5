using System.Globalization;
using System.Runtime.InteropServices;

namespace Bosun.Node.Agent;

/// <summary>What the kubelet reads off the machine for its Node object: CPUs, memory, disk, kernel, OS, ids.</summary>
public sealed record MachineInfo(
    int Cpus, long MemoryBytes, long DiskBytes, string KernelVersion, string OsImage, string MachineId, string BootId, string Architecture)
{
    public static MachineInfo Read(string dataDirectory)
    {
        var memory = 0L;
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                memory = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                break;
            }
        }

        Directory.CreateDirectory(dataDirectory);
        var disk = new DriveInfo(dataDirectory).TotalSize;
        var os = "Linux";
        if (File.Exists("/etc/os-release"))
        {
            foreach (var line in File.ReadLines("/etc/os-release"))
            {
                if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                {
                    os = line["PRETTY_NAME=".Length..].Trim('"');
                }
            }
        }

        var machineId = ReadFirst("/etc/machine-id", "/var/lib/dbus/machine-id") ?? Guid.NewGuid().ToString("N");
        var architecture = RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "amd64",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            var other => other.ToString().ToLowerInvariant(),
        };
        return new MachineInfo(
            Environment.ProcessorCount,
            memory,
            disk,
            ReadFirst("/proc/sys/kernel/osrelease") ?? "",
            os,
            machineId,
            ReadFirst("/proc/sys/kernel/random/boot_id") ?? "",
            architecture);
    }

    private static string? ReadFirst(params string[] paths)
    {
        foreach (var path in paths)
        {
            try
            {
                var text = File.ReadAllText(path).Trim();
                if (text.Length > 0)
                {
                    return text;
                }
            }
            catch (IOException)
            {
                // Try the next one.
            }
            catch (UnauthorizedAccessException)
            {
                // Try the next one.
            }
        }

        return null;
    }
}
