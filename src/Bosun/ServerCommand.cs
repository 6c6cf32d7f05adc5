using System.Globalization;
using Bosun.ApiServer;
using Bosun.ApiServer.Certificates;
using Bosun.ApiServer.Hosting;
using Bosun.Controllers;
using Bosun.Controllers.NodeIpam;
using Bosun.Node.Agent;
using Bosun.Node.Simulated;
using Bosun.Scheduler;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bosun;

/// <summary><c>bosun server</c>: parses k3s-style flags and runs the API server until SIGTERM or Ctrl-C.</summary>
internal static class ServerCommand
{
    private const string Help = """
        usage: bosun server [flags]

          --data-dir PATH              state, certificates and kubeconfig (default /var/lib/bosun as root, ~/.bosun otherwise)
          --https-listen-port PORT     HTTPS port (default 6443)
          --bind-address ADDRESS       address to listen on (default 127.0.0.1)
          --write-kubeconfig PATH      where to write the admin kubeconfig (default <data-dir>/kubeconfig.yaml)
          --datastore-endpoint URL     sqlite://PATH (default sqlite://<data-dir>/state.db), or etcd://HOST:PORT[,HOST:PORT...]
                                       (also http:// or https:// member URLs)
          --etcd-prefix PREFIX         etcd key prefix (default /registry)
          --etcd-cafile FILE           PEM CA of the etcd members (https:// endpoints)
          --etcd-certfile FILE         PEM client certificate for etcd
          --etcd-keyfile FILE          PEM key of --etcd-certfile
          --etcd-compaction-interval D how often history is compacted, e.g. 5m, 30s, 0 to disable (default 5m;
                                       also applies to SQLite)
          --token TOKEN                cluster token: join the cluster already in the datastore (default <data-dir>/token,
                                       or a new cluster with a generated token)
          --disable-controller-manager do not run the controllers (namespace, serviceaccount, garbage collector,
                                       disruption, node lifecycle, node IPAM, taint eviction, pod gc)
          --node-monitor-grace-period D how long a node may miss heartbeats before it is marked Unknown (default 40s)
          --node-eviction-rate R       nodes per second per zone whose pods may start being evicted (default 0.1)
          --cluster-cidr CIDR          IPv4 range nodes' pod CIDRs are allocated from (default 10.42.0.0/16)
          --node-cidr-mask-size N      prefix length of each node's pod CIDR (default 24)
          --simulated-nodes N          also register N simulated nodes (as 'bosun simulate --nodes N'; no containers)
          --disable-scheduler          do not run the scheduler (pods stay Pending unless another scheduler binds them)
          --disable-agent              do not run a node agent in the server (no containers on this machine)
        """ + AgentFlags.Help;

    private const string DisableControllerManager = "--disable-controller-manager";
    private const string DisableScheduler = "--disable-scheduler";
    private const string DisableAgent = "--disable-agent";

    public static async Task<int> RunAsync(string[] args)
    {
        ApiServerOptions options;
        // Flags without a value, and not API server options: taken out before the API server's flags are parsed.
        var runControllers = !args.Contains(DisableControllerManager);
        var runScheduler = !args.Contains(DisableScheduler);
        var runAgent = !args.Contains(DisableAgent);
        args = [.. args.Where(a => a != DisableControllerManager && a != DisableScheduler && a != DisableAgent)];
        NodeAgentOptions? agentOptions;
        ControllerManagerOptions controllerOptions;
        int simulatedNodes;
        try
        {
            controllerOptions = new ControllerManagerOptions
            {
                NodeMonitorGracePeriod = TakeFlag(ref args, "--node-monitor-grace-period") is { } grace
                    ? ParseDuration(grace) is { TotalSeconds: >= 1 } period ? period : throw new ArgumentException($"invalid --node-monitor-grace-period \"{grace}\" (at least 1s; nodes renew their Lease every 10 s by default)")
                    : TimeSpan.FromSeconds(40),
                NodeEvictionRate = TakeFlag(ref args, "--node-eviction-rate") is { } rate
                    ? double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r >= 0 ? r : throw new ArgumentException($"invalid --node-eviction-rate \"{rate}\"")
                    : 0.1,
                ClusterCidr = TakeFlag(ref args, "--cluster-cidr") ?? NodeCidrs.DefaultClusterCidr,
                NodeCidrMaskSize = TakeFlag(ref args, "--node-cidr-mask-size") is { } mask
                    ? int.TryParse(mask, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : throw new ArgumentException($"invalid --node-cidr-mask-size \"{mask}\" (a prefix length such as 24)")
                    : NodeCidrs.DefaultNodeMaskSize,
            };
            NodeCidrs.Validate(controllerOptions.ClusterCidr, controllerOptions.NodeCidrMaskSize);
            simulatedNodes = TakeFlag(ref args, "--simulated-nodes") is { } count ? SimulateCommand.Count(count, 0, SimulatedNodeOptions.MaxCount, "--simulated-nodes") : 0;
            var agentArgs = args;
            agentOptions = AgentFlags.Take(ref agentArgs, "", ControlPlaneLabels);
            options = Parse(agentArgs);
            // The embedded agent routes the same --cluster-cidr inside its pods that node IPAM allocates from.
            agentOptions = options is null ? null : agentOptions with { DataDirectory = Path.Combine(options.DataDir, "agent"), ClusterCidr = controllerOptions.ClusterCidr };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bosun server: {e.Message}\n\n{Help}");
            return 2;
        }

        if (options is null)
        {
            Console.WriteLine(Help);
            return 0;
        }

        await using var host = ApiServerHost.Create(options);
        try
        {
            await host.StartAsync();
        }
        catch (BootstrapException e)
        {
            Console.Error.WriteLine($"bosun server: {e.Message}");
            return 1;
        }

        Console.WriteLine($"""
            Bosun is running at {host.Url} (Kubernetes v1.33 API)
            kubeconfig written to {host.KubeconfigPath}
            cluster token in {Path.Combine(options.DataDir, "token")} (another server joins with --token)

              export KUBECONFIG={host.KubeconfigPath}
              kubectl get namespaces
            """);
        var agentProblem = runAgent ? AgentFlags.Missing(agentOptions!) : null;
        if (runAgent && agentProblem is null)
        {
            Console.WriteLine($"node {agentOptions!.NodeName} runs pods in containerd (agent data in {agentOptions.DataDirectory}); try: kubectl run web --image={Node.Images.TestImages.Busybox} -- httpd -f -p 8080 -h /var/www");
        }
        else
        {
            if (agentProblem is not null)
            {
                Console.WriteLine($"no node agent: {agentProblem} (--disable-agent silences this)");
            }

            Console.WriteLine(simulatedNodes > 0
                ? $"{simulatedNodes} simulated nodes (sim-node-0 ...) run pods without containers"
                : $"no node runs pods yet; add simulated ones with: bosun simulate --nodes 3 --kubeconfig {host.KubeconfigPath}");
        }

        await using var controllers = runControllers ? StartControllers(host, controllerOptions) : null;
        await using var scheduler = runScheduler ? StartScheduler(host) : null;
        await using var simulator = simulatedNodes > 0 ? StartSimulator(host, simulatedNodes) : null;
        await using var agent = runAgent && agentProblem is null ? StartAgent(host, agentOptions!) : null;
        await host.WaitForShutdownAsync();
        if (host.Fatal is { } fatal)
        {
            Console.Error.WriteLine($"bosun server: {fatal}");
            return 1;
        }

        return 0;
    }

    /// <summary>
    /// Runs the controller manager in-process as a client of the API (k3s style); it stops, giving its lease up,
    /// as soon as the server begins to shut down, while the API still answers.
    /// </summary>
    private static ControllerManager StartControllers(ApiServerHost host, ControllerManagerOptions options)
    {
        var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath));
        var manager = new ControllerManager(client, options, loggers: host.Services.GetRequiredService<ILoggerFactory>());
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(
            () => manager.DisposeAsync().AsTask().GetAwaiter().GetResult());
        manager.Start();
        return manager;
    }

    /// <summary>
    /// Runs the scheduler in-process as a client of the API (k3s style), leader-elected on kube-system/kube-scheduler;
    /// like the controller manager it stops, giving its lease up, as soon as the server begins to shut down.
    /// </summary>
    private static SchedulerHost StartScheduler(ApiServerHost host)
    {
        var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath));
        var scheduler = new SchedulerHost(client, loggers: host.Services.GetRequiredService<ILoggerFactory>());
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(
            () => scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult());
        scheduler.Start();
        return scheduler;
    }

    /// <summary>The embedded agent's node carries the control-plane role, as k3s server nodes do.</summary>
    private static readonly Dictionary<string, string> ControlPlaneLabels = new() { ["node-role.kubernetes.io/control-plane"] = "true" };

    /// <summary>Runs the embedded node agent (k3s style); it stops with the server, leaving running containers to their shims.</summary>
    private static AgentRun StartAgent(ApiServerHost host, NodeAgentOptions options)
    {
        var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath));
        var issued = host.Certificates.IssueNodeCredentials(options.NodeName, [options.NodeIp]);
        var credentials = new Node.Server.AgentCredentials(issued.ServingCertificatePem, issued.ServingKeyPem, issued.AuthorityPem);
        var run = AgentRun.Start(options, client, credentials, host.Services.GetRequiredService<ILoggerFactory>());
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(
            () => run.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return run;
    }

    /// <summary>Plays simulated nodes' kubelets in-process, through the API like <c>bosun simulate</c>.</summary>
    private static SimulatedFleetRun StartSimulator(ApiServerHost host, int nodes) => SimulatedFleetRun.Start(
        new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath)),
        new SimulatedNodeOptions { Count = nodes },
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger<SimulatedFleet>(),
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);

    /// <summary>Removes <c>--name value</c> or <c>--name=value</c> from <paramref name="args"/>; its value, or null when absent.</summary>
    internal static string? TakeFlag(ref string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"flag needs an argument: {name}");
                args = [.. args[..i], .. args[(i + 2)..]];
                return value;
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                var value = args[i][(name.Length + 1)..];
                args = [.. args[..i], .. args[(i + 1)..]];
                return value;
            }
        }

        return null;
    }

    /// <summary>Parses the flags (both <c>--flag value</c> and <c>--flag=value</c>); null for --help.</summary>
    internal static ApiServerOptions Parse(string[] args)
    {
        var options = new ApiServerOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return null!;
            }

            string name;
            string? value;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
            }
            else
            {
                name = arg;
                value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"flag needs an argument: {arg}");
            }

            switch (name)
            {
                case "--data-dir" or "-d":
                    options.DataDir = value;
                    break;
                case "--https-listen-port":
                    options.HttpsPort = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
                        ? port
                        : throw new ArgumentException($"invalid port \"{value}\"");
                    break;
                case "--bind-address":
                    options.BindAddress = System.Net.IPAddress.TryParse(value, out _) ? value : throw new ArgumentException($"invalid bind address \"{value}\"");
                    break;
                case "--write-kubeconfig" or "-o":
                    options.KubeconfigPath = value;
                    break;
                case "--datastore-endpoint":
                    options.DatastoreEndpoint = value;
                    break;
                case "--etcd-prefix":
                    options.EtcdPrefix = value;
                    break;
                case "--etcd-cafile":
                    options.EtcdCaFile = value;
                    break;
                case "--etcd-certfile":
                    options.EtcdCertFile = value;
                    break;
                case "--etcd-keyfile":
                    options.EtcdKeyFile = value;
                    break;
                case "--etcd-compaction-interval":
                    options.CompactionInterval = ParseDuration(value);
                    break;
                case "--token" or "-t":
                    options.Token = value;
                    break;
                default:
                    throw new ArgumentException($"unknown flag: {name}");
            }
        }

        if (options.DataDir.Length == 0)
        {
            options.DataDir = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root"
                ? "/var/lib/bosun"
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".bosun");
        }

        return options;
    }

    /// <summary>A Go-style duration as Kubernetes flags take it: 300ms, 30s, 5m, 1h, 1h30m; 0 alone is zero.</summary>
    internal static TimeSpan ParseDuration(string value)
    {
        if (value == "0")
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var match = System.Text.RegularExpressions.Regex.Match(value, @"^(?:(\d+(?:\.\d+)?)(ms|s|m|h))+$");
        if (!match.Success)
        {
            throw new ArgumentException($"invalid duration \"{value}\" (use e.g. 30s, 5m, 1h)");
        }

        for (var i = 0; i < match.Groups[1].Captures.Count; i++)
        {
            var amount = double.Parse(match.Groups[1].Captures[i].Value, CultureInfo.InvariantCulture);
            total += match.Groups[2].Captures[i].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
        }

        return total;
    }
}
