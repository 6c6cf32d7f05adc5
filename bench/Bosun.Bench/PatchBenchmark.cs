using System.Globalization;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Bosun.Bench;

/// <summary>
/// Strategic merge patch, JSON merge patch and server-side apply throughput on a 50-container pod, with
/// BenchmarkDotNet (<see cref="PatchBenchmarks"/>). Options after <c>patch</c> go to BenchmarkDotNet
/// (e.g. <c>--filter *ServerSide*</c>; filters match method names, not descriptions).
/// </summary>
internal static class PatchBenchmark
{
    public const string Usage = "[BenchmarkDotNet options, e.g. --filter '*Strategic*']";

    public static Task<int> RunAsync(string[] args)
    {
        var workload = new PatchWorkload(50);
        Console.WriteLine("patch: strategic merge patch, merge patch and server-side apply of a 50-container pod");
        Console.WriteLine($"  machine:    {MachineInfo.Describe()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  conditions: {workload.Containers} containers; stored pod {workload.StoredPod.Length:N0} bytes (with managedFields), after client-side apply {workload.ClientAppliedPod.Length:N0}, after server-side apply {workload.ServerAppliedPod.Length:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  bodies:     set image {workload.SetImagePatch.Length:N0} B, merge patch {workload.MergePatch.Length:N0} B, client-side apply {workload.ClientSideApplyPatch.Length:N0} B, apply {workload.ChangedApplyBody.Length:N0} B"));
        Console.WriteLine("  job:        BenchmarkDotNet short job (ShortRun with 9 measured iterations: 1 launch, 3 warm-up), in-process, one thread;");
        Console.WriteLine("              each op = parse stored bytes + decode/apply body + serialize for the store");
        Console.WriteLine();
        Verify();

        // A short job keeps the whole suite to a minute or two on 2 cores (ShortRun's 3 iterations were too
        // few on a machine shared with builds: its error bars exceeded the means). The in-process toolchain
        // measures this build as it is instead of generating and building a second project under this
        // repo's analyzers.
        var job = Job.ShortRun.WithIterationCount(9).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.JoinSummary)
            .HideColumns(Column.Job, Column.Toolchain, Column.LaunchCount, Column.WarmupCount, Column.IterationCount);
        var summary = BenchmarkRunner.Run<PatchBenchmarks>(config, args);

        Console.WriteLine();
        Console.WriteLine("  ops/s (1/mean), mean and median time per op, allocations per op:");
        foreach (var report in summary.Reports)
        {
            PrintReport(report);
        }

        return Task.FromResult(summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0);
    }

    /// <summary>Runs each variant once and checks it made its change: a benchmark of an error path measures nothing.</summary>
    private static void Verify()
    {
        var benchmarks = new PatchBenchmarks { Containers = 50 };
        benchmarks.Setup();
        const string newImage = "service-07:1.4.3";
        Check("merge patch", benchmarks.MergePatchSetImage(), c => c["image"]!.ToString().EndsWith(newImage, StringComparison.Ordinal));
        Check("set image", benchmarks.StrategicSetImage(), c => c["image"]!.ToString().EndsWith(newImage, StringComparison.Ordinal));
        Check("set image + managedFields", benchmarks.StrategicSetImageManaged(), c => c["image"]!.ToString().EndsWith(newImage, StringComparison.Ordinal));
        Check("client-side apply", benchmarks.StrategicClientSideApply(), c => c["livenessProbe"] is null && c["env"]![0]!["value"]!.ToString() == "debug");
        Check("steady-state apply", benchmarks.ServerSideApplySteady(), c => c["image"]!.ToString().EndsWith(newImage, StringComparison.Ordinal));
        Check("first apply", benchmarks.ServerSideApplyFirst(), c => c["image"]!.ToString().EndsWith("service-07:1.4.2", StringComparison.Ordinal));
    }

    private static void Check(string variant, byte[] result, Func<JsonNode, bool> changedContainer)
    {
        var pod = JsonNode.Parse(result)!;
        var containers = pod["spec"]!["containers"]!.AsArray();
        if (containers.Count != 50 || !changedContainer(containers[PatchWorkload.ChangedContainer]!) || pod["metadata"]!["managedFields"] is null)
        {
            throw new InvalidOperationException($"{variant}: the patched pod is not what it should be:\n{pod.ToJsonString()[..2000]}");
        }
    }

    private static void PrintReport(BenchmarkReport report)
    {
        var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo;
        if (report.ResultStatistics is not { } statistics)
        {
            Console.WriteLine($"  {name,-40} failed");
            return;
        }

        var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-40} {1e9 / statistics.Mean,7:N0} ops/s  mean {statistics.Mean / 1e6,7:N2} ms  median {statistics.Median / 1e6,7:N2} ms  {allocated / 1024.0,9:N0} KiB/op"));
    }
}
