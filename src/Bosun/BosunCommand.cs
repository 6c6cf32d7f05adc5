using Bosun.ApiServer.Handlers;

namespace Bosun;

/// <summary>The multi-call binary: <c>bosun server</c>, <c>bosun simulate</c>, <c>bosun datastore</c>, <c>bosun images</c>, <c>bosun version</c>.</summary>
internal static class BosunCommand
{
    private const string Usage = """
        usage: bosun <command> [flags]

        commands:
          server     run the API server (single-node cluster, with a node agent unless --disable-agent)
          agent      join this machine to a cluster as a node (containerd, pod networking)
          simulate   register simulated nodes with a cluster (no containers; for scale and scheduling tests)
          datastore  export or import the whole datastore (move between SQLite and etcd)
          images     build Bosun's test images, import image archives into a node's containerd
          version    print the version

        run 'bosun server --help' for the server's flags
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        switch (args[0])
        {
            case "server":
                return await ServerCommand.RunAsync(args[1..]);
            case "agent":
                return await AgentCommand.RunAsync(args[1..]);
            case "simulate":
                return await SimulateCommand.RunAsync(args[1..]);
            case "datastore":
                return await DatastoreCommand.RunAsync(args[1..]);
            case "images":
                return await ImagesCommand.RunAsync(args[1..]);
            case "version" or "--version":
                Console.WriteLine($"bosun {ServerVersion.GitVersion} (Kubernetes v{ServerVersion.Major}.{ServerVersion.Minor} API)");
                return 0;
            default:
                Console.Error.WriteLine($"bosun: unknown command \"{args[0]}\"\n\n{Usage}");
                return 2;
        }
    }
}
