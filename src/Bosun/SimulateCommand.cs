using System.Globalization;
using Bosun.Node.Simulated;
using k8s;
using Microsoft.Extensions.Logging;

namespace Bosun;

/// <summary><c>bosun simulate</c>: registers simulated nodes with a cluster and plays their kubelets until SIGTERM or Ctrl-C.</summary>
internal static class SimulateCommand
{
    private const string Help = """
        usage: bosun simulate --nodes N [flags]

          --nodes N            how many nodes to register (required)
          --kubeconfig PATH    the cluster to join (default $KUBECONFIG, then ~/.kube/config)
          --node-cpu Q         cpu of each node (default 32)
          --node-memory Q      memory of each node (default 256Gi)
          --pods-per-node N    pods each node takes (default 110)
          --zones N            spread nodes over N zones (topology.kubernetes.io/zone=zone-0..), default 1 (no zone label)
          --name-prefix P      node names are P0, P1, ... (default sim-node-)
          --node-lease-duration-seconds N
                               the nodes' Lease duration; they renew it every quarter of it (default 40, as the kubelet)

        Nodes run no containers: pods bound to them become Running and Ready with an address from the node's pod
        CIDR (10.128.0.0/9, never routed). Fail a node with
          kubectl annotate node NAME node.bosun.dev/simulate-stop-heartbeat=true
        and bring it back by removing the annotation.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        SimulatedNodeOptions options;
        string? kubeconfig;
        try
        {
            (options, kubeconfig) = Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bosun simulate: {e.Message}\n\n{Help}");
            return 2;
        }

        if (options is null)
        {
            Console.WriteLine(Help);
            return 0;
        }

        KubernetesClientConfiguration config;
        try
        {
            // The official client reads only ~/.kube/config by itself; kubectl's $KUBECONFIG comes first.
            kubeconfig ??= Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        }
        catch (Exception e) when (e is IOException or k8s.Exceptions.KubeConfigException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bosun simulate: cannot read the kubeconfig: {e.Message}");
            return 1;
        }

        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        using var client = new Kubernetes(config);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        var fleet = new SimulatedFleet(client, options, loggers.CreateLogger<SimulatedFleet>());
        var run = fleet.RunAsync(stop.Token);
        try
        {
            await fleet.Registered.WaitAsync(stop.Token);
            Console.WriteLine($"{options.Count} simulated nodes registered ({options.NamePrefix}0 .. {options.NamePrefix}{options.Count - 1}); Ctrl-C stops them");
            await run;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"bosun simulate: {e.Message}");
            return 1;
        }

        return 0;
    }

    /// <summary>Parses the flags (both <c>--flag value</c> and <c>--flag=value</c>); null options for --help.</summary>
    internal static (SimulatedNodeOptions Options, string? Kubeconfig) Parse(string[] args)
    {
        var options = new SimulatedNodeOptions();
        string? kubeconfig = null;
        var nodes = -1;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return (null!, null);
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            var value = eq > 0 ? arg[(eq + 1)..] : i + 1 < args.Length ? args[++i] : throw new ArgumentException($"flag needs an argument: {arg}");
            options = name switch
            {
                "--nodes" => options with { Count = nodes = Count(value, 1, SimulatedNodeOptions.MaxCount, name) },
                "--kubeconfig" => options,
                "--node-cpu" => options with { Cpu = Quantity(value, name) },
                "--node-memory" => options with { Memory = Quantity(value, name) },
                "--pods-per-node" => options with { Pods = Count(value, 1, 253, name) },
                "--zones" => options with { Zones = Count(value, 1, 1000, name) },
                "--name-prefix" => options with { NamePrefix = value },
                "--node-lease-duration-seconds" => Count(value, 1, 3600, name) is var seconds
                    ? options with { LeaseDurationSeconds = seconds, LeaseRenewInterval = TimeSpan.FromSeconds(seconds / 4.0) }
                    : options,
                _ => throw new ArgumentException($"unknown flag: {name}"),
            };
            if (name == "--kubeconfig")
            {
                kubeconfig = value;
            }
        }

        if (nodes < 0)
        {
            throw new ArgumentException("--nodes is required");
        }

        return (options, kubeconfig);
    }

    /// <summary>An integer flag within bounds; pod addresses come from a /24 per node, hence at most 253 pods.</summary>
    internal static int Count(string value, int min, int max, string flag) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"invalid {flag} \"{value}\" (a whole number from {min} to {max})");

    private static string Quantity(string value, string flag)
    {
        try
        {
            _ = new k8s.Models.ResourceQuantity(value).ToDecimal();
            return value;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ArgumentException($"invalid {flag} \"{value}\" (a quantity such as 32, 500m, 256Gi)", e);
        }
    }
}
