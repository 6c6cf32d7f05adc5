using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Bosun.Node.Images;

namespace Bosun.Node.Tests.Images;

/// <summary>The archive's structure, read back with a plain tar reader as another tool would.</summary>
public class OciArchiveWriterTests
{
    [Fact]
    public void Write_BusyboxImage_BlobsAreNamedByTheirDigestsAndIndexNamesTheImage()
    {
        var files = ReadTar(WriteBusybox());

        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", Text(files["oci-layout"]));
        foreach (var (name, content) in files.Where(f => f.Key.StartsWith("blobs/sha256/", StringComparison.Ordinal)))
            Assert.Equal("sha256:" + name["blobs/sha256/".Length..], OciDigest.Of(content));

        using var index = JsonDocument.Parse(files["index.json"]);
        var manifestDescriptor = Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray());
        Assert.Equal(TestImages.Busybox, manifestDescriptor.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
        Assert.Equal(ImageConfig.HostArchitecture, manifestDescriptor.GetProperty("platform").GetProperty("architecture").GetString());
        var manifestBlob = Blob(files, manifestDescriptor);

        using var manifest = JsonDocument.Parse(manifestBlob);
        var configBlob = Blob(files, manifest.RootElement.GetProperty("config"));
        var layerDescriptor = Assert.Single(manifest.RootElement.GetProperty("layers").EnumerateArray());
        Assert.Equal("application/vnd.oci.image.layer.v1.tar+gzip", layerDescriptor.GetProperty("mediaType").GetString());
        var layerBlob = Blob(files, layerDescriptor);

        using var config = JsonDocument.Parse(configBlob);
        Assert.Equal(ImageConfig.HostArchitecture, config.RootElement.GetProperty("architecture").GetString());
        Assert.Equal("linux", config.RootElement.GetProperty("os").GetString());
        Assert.Equal(["sh"], config.RootElement.GetProperty("config").GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([TestImages.DefaultPath], config.RootElement.GetProperty("config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        // The config names the layer by the digest of its uncompressed tar.
        var tar = Gunzip(layerBlob);
        Assert.Equal(OciDigest.Of(tar), Assert.Single(config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray()).GetString());
    }

    [Fact]
    public void BusyboxLayer_HasTheBinaryAppletLinksUsersAndDirectories()
    {
        var entries = ReadEntries(TestImages.BusyboxLayer(compression: LayerCompression.None).Blob);

        Assert.Equal(TarEntryType.RegularFile, entries["bin/busybox"].Type);
        Assert.Equal(new FileInfo(TestImages.BusyboxBinary).Length, entries["bin/busybox"].Length);
        Assert.Equal(TarEntryType.SymbolicLink, entries["bin/sh"].Type);
        Assert.Equal("busybox", entries["bin/sh"].LinkName);
        foreach (var applet in new[] { "httpd", "nc", "wget", "sleep" })
            Assert.Equal("busybox", entries["bin/" + applet].LinkName);
        Assert.Equal(TestImages.Applets().Count(a => a != "busybox"), entries.Values.Count(e => e.Type == TarEntryType.SymbolicLink));
        Assert.Contains("nobody:x:65534:65534:", Text(entries["etc/passwd"].Content!), StringComparison.Ordinal);
        Assert.StartsWith("root:x:0:0:", Text(entries["etc/passwd"].Content!), StringComparison.Ordinal);
        Assert.Equal(TestImages.IndexHtml, Text(entries["var/www/index.html"].Content!));
        Assert.Equal(Convert.ToInt32("1777", 8), (int)entries["tmp/"].Mode);
        foreach (var directory in new[] { "root/", "dev/", "proc/", "sys/", "etc/", "bin/" })
            Assert.Equal(TarEntryType.Directory, entries[directory].Type);
        // Parents before children: an extractor must never meet a file whose directory is yet to come.
        var order = entries.Keys.ToList();
        Assert.True(order.IndexOf("var/") < order.IndexOf("var/www/") && order.IndexOf("var/www/") < order.IndexOf("var/www/index.html"));
        Assert.All(entries.Values, e => Assert.Equal(LayerBuilder.Epoch, e.ModificationTime));
    }

    [Fact]
    public void PauseLayer_HoldsCatatonitAndTheImageRunsItAsPause()
    {
        var entries = ReadEntries(TestImages.PauseLayer(compression: LayerCompression.None).Blob);
        Assert.Equal(new FileInfo(TestImages.CatatonitBinary).Length, entries["catatonit"].Length);
        Assert.Equal(Convert.ToInt32("755", 8), (int)entries["catatonit"].Mode);

        var path = Path.GetTempFileName();
        try
        {
            var archive = TestImages.WritePause(path);
            Assert.Equal(TestImages.Pause, archive.Reference);
            var files = ReadTar(File.ReadAllBytes(path));
            using var config = JsonDocument.Parse(files["blobs/sha256/" + OciDigest.Hex(archive.ConfigDigest)]);
            Assert.Equal(["/catatonit", "-P"], config.RootElement.GetProperty("config").GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task HostArchitecture_IsDebiansNameForThisMachine()
    {
        // Debian's architecture names are Go's (amd64, arm64) for the machines we run on.
        var dpkg = (await Bosun.Testing.Tools.RunAsync("/usr/bin/dpkg", ["--print-architecture"])).EnsureSuccess();
        Assert.Equal(dpkg.Output.Trim(), ImageConfig.HostArchitecture);
    }

    [Fact]
    public void Write_SameInputTwice_GivesTheSameBytes()
    {
        var first = WriteBusybox();
        var second = WriteBusybox();
        Assert.Equal(OciDigest.Of(first), OciDigest.Of(second));
    }

    [Fact]
    public void Write_UncompressedLayer_StoresThePlainTarUnderItsDiffId()
    {
        var layer = new LayerBuilder().AddFile("/hello.txt", "hi\n").Build(LayerCompression.None);
        Assert.Equal(layer.DiffId, layer.Digest);
        Assert.Equal("application/vnd.oci.image.layer.v1.tar", layer.MediaType);

        using var output = new MemoryStream();
        var archive = OciArchiveWriter.Write(output, "bosun.local/hello:1", new ImageConfig { Cmd = ["/hello"] }, [layer]);
        var files = ReadTar(output.ToArray());
        Assert.Equal(layer.Blob, files["blobs/sha256/" + OciDigest.Hex(layer.Digest)]);
        Assert.Equal(archive.ManifestDigest, OciDigest.Of(files["blobs/sha256/" + OciDigest.Hex(archive.ManifestDigest)]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("a/../b")]
    [InlineData("a//b")]
    public void AddFile_InvalidPath_Throws(string path) =>
        Assert.Throws<ArgumentException>(() => new LayerBuilder().AddFile(path, "x"));

    [Fact]
    public void WriteBusybox_MissingBinary_NamesThePackage()
    {
        var e = Assert.Throws<ImageToolException>(() => TestImages.BusyboxLayer("/nonexistent/busybox"));
        Assert.Contains("busybox-static", e.Message, StringComparison.Ordinal);
    }

    private static byte[] WriteBusybox()
    {
        using var output = new MemoryStream();
        OciArchiveWriter.Write(output, TestImages.Busybox, new ImageConfig { Env = [TestImages.DefaultPath], Cmd = ["sh"] }, [TestImages.BusyboxLayer()]);
        return output.ToArray();
    }

    private static byte[] Blob(Dictionary<string, byte[]> files, JsonElement descriptor)
    {
        var blob = files["blobs/sha256/" + OciDigest.Hex(descriptor.GetProperty("digest").GetString()!)];
        Assert.Equal(descriptor.GetProperty("size").GetInt64(), blob.Length);
        return blob;
    }

    private static Dictionary<string, byte[]> ReadTar(byte[] tar) =>
        ReadEntries(tar).Where(e => e.Value.Content is not null).ToDictionary(e => e.Key, e => e.Value.Content!);

    /// <summary>Entries in archive order (the dictionary keeps insertion order while nothing is removed).</summary>
    private static Dictionary<string, Entry> ReadEntries(byte[] tar)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            byte[]? content = null;
            if (entry.DataStream is { } data)
            {
                using var copy = new MemoryStream();
                data.CopyTo(copy);
                content = copy.ToArray();
            }

            entries.Add(entry.Name, new Entry(entry.EntryType, entry.Mode, entry.LinkName, entry.Length, entry.ModificationTime, content));
        }

        return entries;
    }

    private static byte[] Gunzip(byte[] blob)
    {
        using var gzip = new GZipStream(new MemoryStream(blob), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    private static string Text(byte[] content) => System.Text.Encoding.UTF8.GetString(content);

    private sealed record Entry(TarEntryType Type, UnixFileMode Mode, string LinkName, long Length, DateTimeOffset ModificationTime, byte[]? Content);
}
