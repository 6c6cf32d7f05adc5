using System.Runtime.InteropServices;

namespace Bosun.E2E.Infrastructure;

/// <summary>POSIX signals .NET's Process cannot send (it only has Kill, i.e. SIGKILL).</summary>
internal static partial class Signals
{
    private const int SigTerm = 15;

    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
