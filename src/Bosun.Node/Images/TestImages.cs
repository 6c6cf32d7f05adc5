using System.Diagnostics;

namespace Bosun.Node.Images;

/// <summary>
/// The small images Bosun builds for itself, since nothing can be downloaded: a busybox (shell, httpd, nc, wget,
/// sleep...) from Debian's static busybox, and the pod sandbox ("pause") image running <c>catatonit -P</c>.
/// </summary>
public static class TestImages
{
    /// <summary>The busybox image's name.</summary>
    public const string Busybox = "bosun.local/busybox:1.36";

    /// <summary>The sandbox image's name: containerd's CRI <c>sandbox_image</c> must name it.</summary>
    public const string Pause = "bosun.local/pause:3.9";

    /// <summary>Debian's busybox-static binary.</summary>
    public const string BusyboxBinary = "/usr/bin/busybox";

    /// <summary>Debian's catatonit binary (static).</summary>
    public const string CatatonitBinary = "/usr/bin/catatonit";

    /// <summary>The PATH images get, as Docker's default.</summary>
    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The page busybox's httpd serves from /var/www (<c>httpd -f -p 8080 -h /var/www</c>).</summary>
    public const string IndexHtml = "<html><body><h1>bosun busybox</h1></body></html>\n";

    /// <summary>The busybox image's config: Cmd ["sh"] like Docker Hub's busybox.</summary>
    public static readonly ImageConfig BusyboxConfig = new() { Env = [DefaultPath], Cmd = ["sh"] };

    /// <summary>The pause image's config: <c>catatonit -P</c> only reaps children and waits, holding the pod's namespaces.</summary>
    public static readonly ImageConfig PauseConfig = new() { Env = [DefaultPath], Entrypoint = ["/catatonit", "-P"] };

    /// <summary>The busybox layer: /bin/busybox, a symlink per applet in /bin, users, groups and the usual dirs.</summary>
    public static OciLayer BusyboxLayer(string busyboxBinary = BusyboxBinary, LayerCompression compression = LayerCompression.Gzip)
    {
        var binary = ReadBinary(busyboxBinary, "busybox-static");
        var layer = new LayerBuilder()
            .AddFile("bin/busybox", binary, Mode("755"))
            .AddFile("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
            .AddFile("etc/group", "root:x:0:\nnogroup:x:65534:\n")
            // Resolution inside pods comes from the agent's resolv.conf mount; this only makes "localhost" work.
            .AddFile("etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
            .AddDirectory("tmp", Mode("1777"))
            .AddDirectory("root", Mode("700"))
            .AddFile("var/www/index.html", IndexHtml)
            .AddDirectory("dev")
            .AddDirectory("proc")
            .AddDirectory("sys")
            .AddDirectory("usr/bin")
            .AddDirectory("usr/sbin")
            .AddDirectory("sbin");
        foreach (var applet in Applets(busyboxBinary))
        {
            // Only what the binary itself provides; "busybox" is the binary, not a link to it.
            if (applet != "busybox")
                layer.AddSymlink("bin/" + applet, "busybox");
        }

        return layer.Build(compression);
    }

    /// <summary>Writes the busybox image archive; Cmd ["sh"] like Docker Hub's busybox.</summary>
    public static OciArchive WriteBusybox(string path, string busyboxBinary = BusyboxBinary) => OciArchiveWriter.Write(
        path,
        Busybox,
        BusyboxConfig,
        [BusyboxLayer(busyboxBinary)]);

    /// <summary>The pause layer: /catatonit alone.</summary>
    public static OciLayer PauseLayer(string catatonitBinary = CatatonitBinary, LayerCompression compression = LayerCompression.Gzip) =>
        new LayerBuilder()
            .AddFile("catatonit", ReadBinary(catatonitBinary, "catatonit"), Mode("755"))
            .AddDirectory("dev")
            .AddDirectory("proc")
            .AddDirectory("sys")
            .Build(compression);

    /// <summary>
    /// Writes the sandbox image archive. <c>catatonit -P</c> is a pause process: it only reaps children and
    /// waits for a signal, holding the pod's namespaces.
    /// </summary>
    public static OciArchive WritePause(string path, string catatonitBinary = CatatonitBinary) => OciArchiveWriter.Write(
        path,
        Pause,
        PauseConfig,
        [PauseLayer(catatonitBinary)]);

    /// <summary>
    /// Builds and imports, into containerd's k8s.io namespace, whichever of the pause and busybox images it lacks;
    /// returns the names imported (none when both were there). The agent calls this before its first pod: the CRI
    /// plugin would otherwise try to pull the sandbox image from the internet.
    /// </summary>
    /// <exception cref="ImageToolException">a package (busybox-static, catatonit, containerd's ctr) is missing or the import failed.</exception>
    public static async Task<IReadOnlyList<string>> ImportMissingAsync(string containerdSocket, CancellationToken cancellationToken = default)
    {
        var imported = new List<string>();
        foreach (var (reference, write) in new (string, Func<Stream, OciArchive>)[]
        {
            (Pause, s => OciArchiveWriter.Write(s, Pause, PauseConfig, [PauseLayer()])),
            (Busybox, s => OciArchiveWriter.Write(s, Busybox, BusyboxConfig, [BusyboxLayer()])),
        })
        {
            if (await ImageImporter.IsPresentAsync(containerdSocket, reference, cancellationToken: cancellationToken))
                continue;
            using var archive = new MemoryStream();
            write(archive);
            archive.Position = 0;
            imported.AddRange(await ImageImporter.ImportAsync(containerdSocket, archive, cancellationToken: cancellationToken));
        }

        return imported;
    }

    /// <summary>The applet names <c>busybox --list</c> prints, sorted.</summary>
    public static IReadOnlyList<string> Applets(string busyboxBinary = BusyboxBinary)
    {
        ReadBinary(busyboxBinary, "busybox-static");
        var start = new ProcessStartInfo(busyboxBinary, "--list") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new ImageToolException($"could not run {busyboxBinary}");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new ImageToolException($"{busyboxBinary} --list failed (exit {process.ExitCode}): {error.Trim()}");
        var applets = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            // Names become paths: anything with a slash or dot-only would escape /bin.
            .Where(a => !a.Contains('/', StringComparison.Ordinal) && a is not ("." or ".."))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return applets.Length > 0 ? applets : throw new ImageToolException($"{busyboxBinary} --list printed no applets");
    }

    private static byte[] ReadBinary(string path, string package) =>
        File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new ImageToolException($"{path} is missing: install the Debian package {package} (apt-get install {package})");

    private static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);
}
