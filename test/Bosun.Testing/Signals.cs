using System.Runtime.InteropServices;

namespace Bosun.Testing;

/// <summary>POSIX signals .NET's Process cannot send (it only has Kill, i.e. SIGKILL).</summary>
public static partial class Signals
{
    private const int SigTerm = 15;
    private const int SigStop = 19;
    private const int SigCont = 18;

    /// <summary>SIGTERM: a graceful stop.</summary>
    public static void Terminate(int pid) => Send(pid, SigTerm);

    /// <summary>SIGSTOP: the process hangs (keeps its sockets, answers nothing) until <see cref="Resume"/>.</summary>
    public static void Freeze(int pid) => Send(pid, SigStop);

    /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
    public static void Resume(int pid) => Send(pid, SigCont);

    private static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
