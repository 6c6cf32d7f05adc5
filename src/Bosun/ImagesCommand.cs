using Bosun.Node.Images;

namespace Bosun;

/// <summary><c>bosun images</c>: builds Bosun's own test images and imports image archives into a node's containerd.</summary>
internal static class ImagesCommand
{
    private const string Help = $"""
        usage: bosun images build-test [--output DIR]
               bosun images import FILE.tar [--containerd-socket PATH | --data-dir PATH]

          build-test   write {TestImages.Busybox} (from Debian's busybox-static) and {TestImages.Pause}
                       (catatonit -P, the pod sandbox) as OCI archives busybox.tar and pause.tar
            --output DIR               where to write them (default: the current directory)
          import       import an OCI or docker-save archive into containerd's k8s.io namespace (where pods find it)
            --containerd-socket PATH   the containerd to import into (default <data-dir>/containerd/containerd.sock,
                                       the node agent's own containerd)
            --data-dir PATH            the agent's data dir (default /var/lib/bosun as root, ~/.bosun otherwise)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Help);
            return 0;
        }

        try
        {
            return args.Length == 0
                ? throw new ArgumentException("missing subcommand")
                : args[0] switch
                {
                    "build-test" => BuildTest(args[1..]),
                    "import" => await ImportAsync(args[1..]),
                    _ => throw new ArgumentException($"unknown subcommand \"{args[0]}\""),
                };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bosun images: {e.Message}\n\n{Help}");
            return 2;
        }
        catch (Exception e) when (e is ImageToolException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bosun images: {e.Message}");
            return 1;
        }
    }

    private static int BuildTest(string[] args)
    {
        var output = ServerCommand.TakeFlag(ref args, "--output") ?? ".";
        if (args.Length > 0)
            throw new ArgumentException($"unexpected argument \"{args[0]}\"");
        Directory.CreateDirectory(output);
        foreach (var (file, write) in new (string, Func<string, OciArchive>)[]
        {
            (Path.Combine(output, "busybox.tar"), p => TestImages.WriteBusybox(p)),
            (Path.Combine(output, "pause.tar"), p => TestImages.WritePause(p)),
        })
        {
            var archive = write(file);
            Console.WriteLine($"{Path.GetFullPath(file)}\t{archive.Reference}\t{archive.ManifestDigest}");
        }

        return 0;
    }

    private static async Task<int> ImportAsync(string[] args)
    {
        var socket = ServerCommand.TakeFlag(ref args, "--containerd-socket");
        var dataDir = ServerCommand.TakeFlag(ref args, "--data-dir");
        if (args.Length != 1 || args[0].StartsWith('-'))
            throw new ArgumentException(args.Length == 0 ? "import needs FILE.tar" : $"unexpected argument \"{args[^1]}\"");
        if (socket is not null && dataDir is not null)
            throw new ArgumentException("give --containerd-socket or --data-dir, not both");

        // The agent's containerd lives under the data dir, chosen as bosun server chooses it.
        socket ??= Path.Combine(ServerCommand.Parse(dataDir is null ? [] : ["--data-dir", dataDir]).DataDir, "containerd", "containerd.sock");
        var names = await ImageImporter.ImportAsync(socket, args[0]);
        foreach (var name in names)
            Console.WriteLine($"imported {name} into {socket} (namespace {ImageImporter.CriNamespace})");
        return 0;
    }
}
