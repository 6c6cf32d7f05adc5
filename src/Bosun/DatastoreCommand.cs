using Bosun.ApiServer;
using Bosun.Storage;
using Bosun.Storage.Etcd;
using Microsoft.Extensions.DependencyInjection;

namespace Bosun;

/// <summary>
/// <c>bosun datastore export|import</c>: moves a cluster's whole datastore through a file, e.g. from the
/// embedded SQLite to an etcd cluster. Stop the servers first; the target must be empty.
/// </summary>
internal static class DatastoreCommand
{
    private const string Help = """
        usage: bosun datastore export [--file FILE] [datastore flags]
               bosun datastore import [--file FILE] [datastore flags]

          --file FILE                  the export file (default: standard output / standard input)
          --data-dir, --datastore-endpoint, --etcd-prefix, --etcd-cafile, --etcd-certfile, --etcd-keyfile
                                       choose the datastore as for 'bosun server' (default: the data dir's SQLite)

        To move a server from SQLite to etcd: stop it, export with its --data-dir, import with
        --datastore-endpoint etcd://..., then start it with the same --data-dir and the etcd endpoint.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("export" or "import"))
        {
            Console.Error.WriteLine(Help);
            return args.Length > 0 && args[0] is "-h" or "--help" ? 0 : 2;
        }

        var verb = args[0];
        string? file = null;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is "--file" or "-f" && i + 1 < args.Length)
            {
                file = args[++i];
            }
            else if (args[i].StartsWith("--file=", StringComparison.Ordinal))
            {
                file = args[i]["--file=".Length..];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        ApiServerOptions options;
        try
        {
            options = ServerCommand.Parse([.. rest]);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bosun datastore: {e.Message}\n\n{Help}");
            return 2;
        }

        if (options is null)
        {
            Console.WriteLine(Help);
            return 0;
        }

        if (verb == "export" && options.DatastoreEndpoint.Length == 0 && !File.Exists(Path.Combine(options.DataDir, "state.db")))
        {
            Console.Error.WriteLine($"bosun datastore export: no datastore in {options.DataDir} (no state.db): pass the server's --data-dir");
            return 1;
        }

        var services = new ServiceCollection();
        services.AddBosunStorage(options.EffectiveDatastoreEndpoint);
        services.Configure<EtcdStoreOptions>(options.ConfigureEtcd);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IStore>();
        try
        {
            if (verb == "export")
            {
                await using var output = file is null or "-" ? Console.OpenStandardOutput() : File.Create(file);
                var count = await StoreTransfer.ExportAsync(store, output);
                Console.Error.WriteLine($"exported {count} keys from {options.EffectiveDatastoreEndpoint}");
            }
            else
            {
                await using var input = file is null or "-" ? Console.OpenStandardInput() : File.OpenRead(file);
                var count = await StoreTransfer.ImportAsync(input, store);
                Console.Error.WriteLine($"imported {count} keys into {options.EffectiveDatastoreEndpoint}");
            }
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or StoreException or IOException)
        {
            Console.Error.WriteLine($"bosun datastore {verb}: {e.Message}");
            return 1;
        }

        return 0;
    }
}
