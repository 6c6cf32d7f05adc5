using System.Formats.Tar;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Node.Images;

/// <summary>
/// Writes one image as an OCI image-layout tar (the format <c>ctr images import</c>, <c>skopeo oci-archive:</c> and
/// <c>docker load</c> read): <c>oci-layout</c>, <c>index.json</c> naming the manifest by
/// <c>org.opencontainers.image.ref.name</c>, and <c>blobs/sha256/</c> holding manifest, config and layers.
/// Deterministic: fixed times, sorted entries and keys, so the same image always gives the same bytes.
/// </summary>
public static class OciArchiveWriter
{
    /// <summary>The annotation containerd reads an image's full name from; set beside the OCI one.</summary>
    public const string ContainerdNameAnnotation = "io.containerd.image.name";

    /// <summary>The OCI annotation naming a manifest in an index.</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    // The default encoder writes "+" as \u002B; media types read better as themselves (no HTML here to protect).
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    private const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";
    private const string IndexMediaType = "application/vnd.oci.image.index.v1+json";

    /// <summary>Writes the archive of image <paramref name="reference"/> to <paramref name="output"/>.</summary>
    public static OciArchive Write(Stream output, string reference, ImageConfig config, IReadOnlyList<OciLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrEmpty(reference);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(layers);

        var configBlob = Json(ConfigJson(config, layers));
        var configDigest = OciDigest.Of(configBlob);
        var manifestBlob = Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaType,
            ["config"] = Descriptor(ConfigMediaType, configDigest, configBlob.Length),
            ["layers"] = new JsonArray([.. layers.Select(l => Descriptor(l.MediaType, l.Digest, l.Blob.Length))]),
        });
        var manifestDigest = OciDigest.Of(manifestBlob);

        var manifestDescriptor = Descriptor(ManifestMediaType, manifestDigest, manifestBlob.Length);
        manifestDescriptor["annotations"] = new JsonObject
        {
            [ContainerdNameAnnotation] = reference,
            [RefNameAnnotation] = reference,
        };
        manifestDescriptor["platform"] = new JsonObject { ["architecture"] = config.Architecture, ["os"] = config.Os };
        var indexBlob = Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = IndexMediaType,
            ["manifests"] = new JsonArray(manifestDescriptor),
        });

        // Blobs by digest; a layer used twice (or equal to another blob) is stored once.
        var blobs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [configDigest] = configBlob,
            [manifestDigest] = manifestBlob,
        };
        foreach (var layer in layers)
            blobs[layer.Digest] = layer.Blob;

        using var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
        WriteDirectory(writer, "blobs/");
        WriteDirectory(writer, "blobs/sha256/");
        foreach (var (digest, blob) in blobs)
            WriteFile(writer, "blobs/sha256/" + OciDigest.Hex(digest), blob);
        WriteFile(writer, "index.json", indexBlob);
        WriteFile(writer, "oci-layout", Json(new JsonObject { ["imageLayoutVersion"] = "1.0.0" }));
        return new OciArchive(reference, manifestDigest, configDigest);
    }

    /// <summary>Writes the archive to a file (created or replaced).</summary>
    public static OciArchive Write(string path, string reference, ImageConfig config, IReadOnlyList<OciLayer> layers)
    {
        using var file = File.Create(path);
        return Write(file, reference, config, layers);
    }

    private static JsonObject ConfigJson(ImageConfig config, IReadOnlyList<OciLayer> layers)
    {
        var runtime = new JsonObject();
        if (config.Env.Count > 0)
            runtime["Env"] = Strings(config.Env);
        if (config.Entrypoint is { } entrypoint)
            runtime["Entrypoint"] = Strings(entrypoint);
        if (config.Cmd is { } cmd)
            runtime["Cmd"] = Strings(cmd);
        if (config.WorkingDir is { } workingDir)
            runtime["WorkingDir"] = workingDir;
        if (config.User is { } user)
            runtime["User"] = user;
        return new JsonObject
        {
            ["architecture"] = config.Architecture,
            ["os"] = config.Os,
            // A fixed creation time, like the layers' mtimes: the config digest is the image id and must repeat.
            ["created"] = LayerBuilder.Epoch.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["config"] = runtime,
            ["rootfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diff_ids"] = Strings(layers.Select(l => l.DiffId)),
            },
            ["history"] = new JsonArray([.. layers.Select(_ => (JsonNode)new JsonObject { ["created_by"] = "bosun images" })]),
        };
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = digest,
        ["size"] = size,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static byte[] Json(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, JsonOptions);

    private static void WriteDirectory(TarWriter writer, string name) => writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, name)
    {
        Mode = (UnixFileMode)0b111_101_101,
        ModificationTime = LayerBuilder.Epoch,
    });

    private static void WriteFile(TarWriter writer, string name, byte[] content) => writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name)
    {
        Mode = (UnixFileMode)0b110_100_100,
        ModificationTime = LayerBuilder.Epoch,
        DataStream = new MemoryStream(content, writable: false),
    });
}
