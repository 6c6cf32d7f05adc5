using Bosun.Node.Images;
using Bosun.Testing;

namespace Bosun.Node.Tests.Images;

/// <summary>
/// The test images in a real, private containerd (root, Debian's containerd and runc): imported, run with ctr,
/// and pulled back from a local registry. Missing root or packages fail these tests; they are never skipped.
/// </summary>
public sealed class ContainerdImageTests : IClassFixture<ContainerdImageTests.Fixture>
{
    private readonly Fixture _fixture;

    public ContainerdImageTests(Fixture fixture) => _fixture = fixture;

    private TestContainerd Containerd => _fixture.Containerd;

    [Fact]
    public async Task ImportAsync_BothImages_ArePresentUnderTheirNames()
    {
        Assert.True(await ImageImporter.IsPresentAsync(Containerd.Socket, TestImages.Busybox));
        Assert.True(await ImageImporter.IsPresentAsync(Containerd.Socket, TestImages.Pause));
        Assert.False(await ImageImporter.IsPresentAsync(Containerd.Socket, "bosun.local/absent:1"));
        // The CRI namespace only: the default namespace stays empty.
        Assert.False(await ImageImporter.IsPresentAsync(Containerd.Socket, TestImages.Busybox, "default"));
    }

    [Fact]
    public async Task ImportAsync_SameArchiveAgain_IsHarmlessAndNamesTheImage()
    {
        var names = await ImageImporter.ImportAsync(Containerd.Socket, _fixture.BusyboxArchive);
        Assert.Equal([TestImages.Busybox], names);
    }

    [Fact]
    public async Task ImportMissingAsync_OneImageRemoved_ImportsJustThatOne()
    {
        Assert.Empty(await TestImages.ImportMissingAsync(Containerd.Socket));
        (await Containerd.CtrAsync("images", "rm", TestImages.Busybox)).EnsureSuccess();
        Assert.False(await ImageImporter.IsPresentAsync(Containerd.Socket, TestImages.Busybox));

        Assert.Equal([TestImages.Busybox], await TestImages.ImportMissingAsync(Containerd.Socket));
        Assert.True(await ImageImporter.IsPresentAsync(Containerd.Socket, TestImages.Busybox));
    }

    [Fact]
    public async Task ImportAsync_FromAStream_ImportsTheImage()
    {
        var path = Path.Combine(_fixture.Directory.Path, "hello.tar");
        var layer = new LayerBuilder().AddFile("hello.txt", "hello\n").Build();
        OciArchiveWriter.Write(path, "bosun.local/hello:stream", new ImageConfig(), [layer]);
        await using (var archive = File.OpenRead(path))
            Assert.Equal(["bosun.local/hello:stream"], await ImageImporter.ImportAsync(Containerd.Socket, archive));
        Assert.True(await ImageImporter.IsPresentAsync(Containerd.Socket, "bosun.local/hello:stream"));
    }

    [Fact]
    public async Task ImportAsync_NotAnArchive_FailsWithCtrsMessage()
    {
        var path = Path.Combine(_fixture.Directory.Path, "garbage.tar");
        await File.WriteAllTextAsync(path, "not a tar");
        var e = await Assert.ThrowsAsync<ImageToolException>(() => ImageImporter.ImportAsync(Containerd.Socket, path));
        Assert.Contains("ctr images import", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_NoContainerdThere_SaysSo()
    {
        var e = await Assert.ThrowsAsync<ImageToolException>(() => ImageImporter.ImportAsync(Path.Combine(_fixture.Directory.Path, "none.sock"), _fixture.BusyboxArchive));
        Assert.Contains("no containerd socket", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrRun_Busybox_RunsTheShell()
    {
        var id = Id("sh");
        var run = (await Containerd.CtrAsync("run", "--rm", TestImages.Busybox, id, "sh", "-c", "echo hi; id -u nobody; test -d /tmp && wget --help >/dev/null 2>&1; echo $?")).EnsureSuccess();
        Assert.Equal("hi\n65534\n0\n", run.Output.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CtrRun_Pause_StartsAndKeepsRunning()
    {
        var id = Id("pause");
        (await Containerd.CtrAsync("run", "-d", TestImages.Pause, id)).EnsureSuccess();
        try
        {
            var tasks = (await Containerd.CtrAsync("tasks", "ls")).EnsureSuccess();
            var line = Assert.Single(tasks.Output.Split('\n'), l => l.StartsWith(id + " ", StringComparison.Ordinal));
            Assert.Contains("RUNNING", line, StringComparison.Ordinal);
            // catatonit -P is the container's first process and still there: it holds the namespaces until killed.
            var pid = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            Assert.Equal("catatonit", (await File.ReadAllTextAsync($"/proc/{pid}/comm")).Trim());
        }
        finally
        {
            await Containerd.CtrAsync("tasks", "kill", "-s", "SIGKILL", id);
            await Eventually.TrueAsync(async () => (await Containerd.CtrAsync("tasks", "delete", id)).ExitCode == 0, $"task {id} deleted");
            (await Containerd.CtrAsync("containers", "delete", id)).EnsureSuccess();
        }
    }

    [Fact]
    public async Task Pull_FromLocalRegistry_GetsThePushedBusybox()
    {
        await using var registry = new LocalRegistry();
        await registry.InitializeAsync();
        var reference = await registry.PushAsync(_fixture.BusyboxArchive, "test/busybox:1");

        var pull = (await Containerd.CtrAsync("images", "pull", "--plain-http", reference)).EnsureSuccess();
        Assert.Contains("done", pull.Output, StringComparison.Ordinal);
        Assert.True(await ImageImporter.IsPresentAsync(Containerd.Socket, reference));
        // The registry serves the very manifest we built (skopeo keeps OCI manifests as they are).
        var listed = (await Containerd.CtrAsync("images", "ls")).Output.Split('\n').Single(l => l.StartsWith(reference + " ", StringComparison.Ordinal));
        Assert.Contains(_fixture.BusyboxManifestDigest, listed, StringComparison.Ordinal);
    }

    /// <summary>Container ids become cgroup paths (/k8s.io/ID) shared with other containerds: keep them unique.</summary>
    private static string Id(string what) => $"bosun-images-{what}-{Guid.NewGuid():N}"[..40];

    /// <summary>One containerd with both test images imported, for the whole class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TestContainerd Containerd { get; } = new();

        public TempDirectory Directory { get; } = new();

        public string BusyboxArchive => Directory.File("busybox.tar");

        public string BusyboxManifestDigest { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await Containerd.InitializeAsync();
            BusyboxManifestDigest = TestImages.WriteBusybox(BusyboxArchive).ManifestDigest;
            TestImages.WritePause(Directory.File("pause.tar"));
            Assert.Equal([TestImages.Busybox], await ImageImporter.ImportAsync(Containerd.Socket, BusyboxArchive));
            Assert.Equal([TestImages.Pause], await ImageImporter.ImportAsync(Containerd.Socket, Directory.File("pause.tar")));
        }

        public async Task DisposeAsync()
        {
            await Containerd.DisposeAsync();
            Directory.Delete();
        }
    }
}
