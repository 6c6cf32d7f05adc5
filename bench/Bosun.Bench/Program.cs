// Load generators for Bosun; each prints its figures and the conditions they were measured under.
// One subcommand per benchmark; a new one is a new class plus one line here.
using Bosun.Bench;

var commands = new Dictionary<string, (string Usage, Func<string[], Task<int>> Run)>(StringComparer.Ordinal)
{
    ["store"] = (StoreCreateBenchmark.Usage, StoreCreateBenchmark.RunAsync),
    ["api"] = (ApiBenchmark.Usage, ApiBenchmark.RunAsync),
    ["table"] = (TableBenchmark.Usage, TableBenchmark.RunAsync),
    ["patch"] = (PatchBenchmark.Usage, PatchBenchmark.RunAsync),
    ["etcd"] = (EtcdBenchmark.Usage, EtcdBenchmark.RunAsync),
    ["deployment"] = (DeploymentBenchmark.Usage, DeploymentBenchmark.RunAsync),
    ["scheduler"] = (SchedulerBenchmark.Usage, SchedulerBenchmark.RunAsync),
    ["cluster"] = (ClusterBenchmark.Usage, ClusterBenchmark.RunAsync),
    ["pods"] = (PodStartupBenchmark.Usage, PodStartupBenchmark.RunAsync),
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine("usage: Bosun.Bench <command> [options]");
    foreach (var (name, (usage, _)) in commands.OrderBy(c => c.Key, StringComparer.Ordinal))
        Console.Error.WriteLine($"  {name} {usage}");
    return 2;
}

try
{
    return await command.Run(args[1..]);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"{args[0]}: {ex.Message}");
    Console.Error.WriteLine($"usage: Bosun.Bench {args[0]} {command.Usage}");
    return 2;
}
