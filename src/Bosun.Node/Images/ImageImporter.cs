using System.Text.RegularExpressions;

namespace Bosun.Node.Images;

/// <summary>
/// Puts image archives into a containerd and asks which images it has, through <c>ctr</c>. Images go to the
/// <c>k8s.io</c> namespace by default: the one containerd's CRI plugin (and so the pods) uses.
/// </summary>
public static partial class ImageImporter
{
    /// <summary>The containerd namespace of the CRI plugin.</summary>
    public const string CriNamespace = "k8s.io";

    /// <summary>
    /// Imports every image of an OCI (or docker-save) archive file and unpacks it for the default snapshotter;
    /// returns the names imported. Re-importing the same archive is harmless.
    /// </summary>
    /// <exception cref="ImageToolException">ctr or the socket is missing, or the import failed (with ctr's message).</exception>
    public static async Task<IReadOnlyList<string>> ImportAsync(string containerdSocket, string archivePath, string ns = CriNamespace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerdSocket);
        ArgumentException.ThrowIfNullOrEmpty(archivePath);
        if (!File.Exists(archivePath))
            throw new ImageToolException($"no image archive at {archivePath}");
        return await ImportCoreAsync(containerdSocket, Path.GetFullPath(archivePath), null, ns, cancellationToken);
    }

    /// <summary>Imports an archive read from <paramref name="archive"/> (streamed to ctr's standard input).</summary>
    /// <exception cref="ImageToolException">ctr or the socket is missing, or the import failed (with ctr's message).</exception>
    public static Task<IReadOnlyList<string>> ImportAsync(string containerdSocket, Stream archive, string ns = CriNamespace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerdSocket);
        ArgumentNullException.ThrowIfNull(archive);
        return ImportCoreAsync(containerdSocket, "-", archive, ns, cancellationToken);
    }

    /// <summary>True when containerd has an image named <paramref name="reference"/> in <paramref name="ns"/>.</summary>
    /// <exception cref="ImageToolException">ctr or the socket is missing, or containerd did not answer.</exception>
    public static async Task<bool> IsPresentAsync(string containerdSocket, string reference, string ns = CriNamespace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerdSocket);
        ArgumentException.ThrowIfNullOrEmpty(reference);
        var result = await Ctr.RunAsync(containerdSocket, ns, ["images", "ls", "-q"], null, cancellationToken);
        if (result.ExitCode != 0)
            throw new ImageToolException($"ctr images ls failed (exit {result.ExitCode}): {Message(result)}");
        return result.Output.Split('\n', StringSplitOptions.TrimEntries).Contains(reference, StringComparer.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> ImportCoreAsync(string socket, string file, Stream? input, string ns, CancellationToken cancellationToken)
    {
        // --all-platforms: our archives carry one platform, and an image of another one should fail when run,
        // with the runtime's message, rather than vanish silently at import.
        var result = await Ctr.RunAsync(socket, ns, ["images", "import", "--all-platforms", file], input, cancellationToken);
        if (result.ExitCode != 0)
            throw new ImageToolException($"ctr images import {file} failed (exit {result.ExitCode}): {Message(result)}");

        // ctr prints "unpacking NAME (sha256:...)...done" per image.
        var names = UnpackedLine().Matches(result.Output).Select(m => m.Groups[1].Value).ToArray();
        return names.Length > 0
            ? names
            : throw new ImageToolException($"ctr images import {file} imported no named image (does its index.json name the manifests?): {Message(result)}");
    }

    private static string Message(CtrResult result)
    {
        var text = (result.Error.Trim().Length > 0 ? result.Error : result.Output).Trim();
        return text.Length > 0 ? text : "(no output)";
    }

    [GeneratedRegex(@"^unpacking (\S+) \(sha256:[0-9a-f]+\)", RegexOptions.Multiline)]
    private static partial Regex UnpackedLine();
}
