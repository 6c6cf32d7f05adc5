using System.Globalization;
using System.Text;

namespace Bosun.Node.Runtime;

/// <summary>
/// The configuration of the containerd the agent runs for itself: every path (root, state, socket, CNI
/// configuration) lives under the agent's data directory so it never touches a containerd the user already
/// runs. cgroupfs driver (these machines have a cgroup v1 hierarchy and no systemd), the CRI plugin on, our
/// own pause image as the sandbox image, plain-HTTP registries for the addresses given.
/// </summary>
public sealed record ContainerdConfig
{
    /// <summary>The folder everything lives under (e.g. <c>&lt;data-dir&gt;/containerd</c>).</summary>
    public required string Directory { get; init; }

    /// <summary>The sandbox (pause) image; it must already be in the k8s.io namespace.</summary>
    public required string SandboxImage { get; init; }

    /// <summary>Where the CNI plugin binaries are (Debian: /usr/lib/cni).</summary>
    public string CniBinDirectory { get; init; } = "/usr/lib/cni";

    /// <summary>Registries reached over plain HTTP (host:port), e.g. a local test registry on loopback.</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    public string SocketPath => Path.Combine(Directory, "containerd.sock");

    public string RootDirectory => Path.Combine(Directory, "root");

    public string StateDirectory => Path.Combine(Directory, "state");

    public string CniConfigDirectory => Path.Combine(Directory, "cni", "net.d");

    public string ConfigPath => Path.Combine(Directory, "config.toml");

    /// <summary>The TOML text containerd reads.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("# Written by the Bosun agent on every start; edits are overwritten.");
        text.AppendLine("version = 2");
        text.AppendLine(CultureInfo.InvariantCulture, $"root = {Quote(RootDirectory)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"state = {Quote(StateDirectory)}");
        text.AppendLine("[grpc]");
        text.AppendLine(CultureInfo.InvariantCulture, $"  address = {Quote(SocketPath)}");
        text.AppendLine("[ttrpc]");
        text.AppendLine(CultureInfo.InvariantCulture, $"  address = {Quote(SocketPath + ".ttrpc")}");
        // Only the agent talks to this containerd; its metrics and debug endpoints stay off.
        text.AppendLine("[metrics]");
        text.AppendLine("  address = \"\"");
        text.AppendLine("[plugins.\"io.containerd.grpc.v1.cri\"]");
        text.AppendLine(CultureInfo.InvariantCulture, $"  sandbox_image = {Quote(SandboxImage)}");
        // The streaming server (exec/attach/port-forward URLs) listens on loopback only; the agent proxies to it.
        text.AppendLine("  stream_server_address = \"127.0.0.1\"");
        text.AppendLine("  stream_server_port = \"0\"");
        text.AppendLine("  enable_selinux = false");
        // containerd gives sandboxes oom_score_adj -998; hosts that refuse negative values (VMs, nested
        // containers) then fail every sandbox. Clamped to the agent's own score instead, which pods cannot undercut.
        text.AppendLine("  restrict_oom_score_adj = true");
        text.AppendLine("  [plugins.\"io.containerd.grpc.v1.cri\".containerd]");
        text.AppendLine("    snapshotter = \"overlayfs\"");
        text.AppendLine("    default_runtime_name = \"runc\"");
        text.AppendLine("    [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]");
        text.AppendLine("      runtime_type = \"io.containerd.runc.v2\"");
        text.AppendLine("      [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]");
        text.AppendLine("        SystemdCgroup = false");
        text.AppendLine("  [plugins.\"io.containerd.grpc.v1.cri\".cni]");
        text.AppendLine(CultureInfo.InvariantCulture, $"    bin_dir = {Quote(CniBinDirectory)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    conf_dir = {Quote(CniConfigDirectory)}");
        text.AppendLine("    max_conf_num = 1");
        foreach (var registry in InsecureRegistries)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  [plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.{Quote(registry)}]");
            text.AppendLine(CultureInfo.InvariantCulture, $"    endpoint = [{Quote("http://" + registry)}]");
        }

        return text.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
