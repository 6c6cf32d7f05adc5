using System.Runtime.InteropServices;

namespace Bosun.Node.Images;

/// <summary>The runtime part of an OCI image config: what a container of the image runs and on which platform.</summary>
public sealed record ImageConfig
{
    /// <summary>The OCI (Go) name of this machine's architecture: amd64, arm64, ...; images we build hold its binaries.</summary>
    public static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
        System.Runtime.InteropServices.Architecture.LoongArch64 => "loong64",
        var other => other.ToString().ToLowerInvariant(),
    };

    public string Architecture { get; init; } = HostArchitecture;

    public string Os { get; init; } = "linux";

    /// <summary>Environment as NAME=value.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public string? WorkingDir { get; init; }

    public string? User { get; init; }
}
