using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Bosun.Api.Objects;
using Bosun.Api.Patching;
using Bosun.Api.Patching.ServerSideApply;
using Bosun.ApiServer.Handlers;

namespace Bosun.Bench;

/// <summary>
/// The patch engines on a large pod, each measured as the server runs it for one request: the stored bytes
/// parsed, the body decoded and applied, the result serialized for the store. The plain parse + serialize
/// is the floor every variant pays.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Maintainability", "CA1515:Consider making public types internal", Justification = "BenchmarkDotNet runs public classes only.")]
public class PatchBenchmarks
{
    private readonly ApplySchema _schema = new("", "Pod", ignoreStatus: true);
    private PatchWorkload _workload = null!;

    /// <summary>Containers in the pod.</summary>
    [Params(50)]
    public int Containers { get; set; }

    [GlobalSetup]
    public void Setup() => _workload = new PatchWorkload(Containers);

    [Benchmark(Baseline = true, Description = "parse + serialize (baseline)")]
    public byte[] ParseSerialize() => ObjectJson.ToStored(ObjectJson.ParseObject(_workload.StoredPod));

    [Benchmark(Description = "(e) merge patch: set image")]
    public byte[] MergePatchSetImage()
    {
        var live = ObjectJson.ParseObject(_workload.StoredPod);
        return ObjectJson.ToStored((JsonObject)JsonMergePatch.Apply(live, _workload.MergePatch)!);
    }

    [Benchmark(Description = "(a) SMP: kubectl set image")]
    public byte[] StrategicSetImage()
    {
        var live = ObjectJson.ParseObject(_workload.StoredPod);
        return ObjectJson.ToStored(StrategicMergePatch.Apply(live, _workload.SetImagePatch, "", "Pod"));
    }

    /// <summary>The whole write path of a patch: every non-apply write also records its manager's fields.</summary>
    [Benchmark(Description = "(a') SMP: set image + managedFields")]
    public byte[] StrategicSetImageManaged()
    {
        var live = ObjectJson.ParseObject(_workload.StoredPod);
        var next = StrategicMergePatch.Apply(live, _workload.SetImagePatch, "", "Pod");
        FieldManager.RecordUpdate(live, next, _schema, "kubectl-set", "v1", "", PatchWorkload.Now);
        return ObjectJson.ToStored(next);
    }

    [Benchmark(Description = "(b) SMP: client-side apply")]
    public byte[] StrategicClientSideApply()
    {
        var live = ObjectJson.ParseObject(_workload.ClientAppliedPod);
        return ObjectJson.ToStored(StrategicMergePatch.Apply(live, _workload.ClientSideApplyPatch, "", "Pod"));
    }

    [Benchmark(Description = "(c) SSA: steady-state apply")]
    public byte[] ServerSideApplySteady()
    {
        var live = ObjectJson.ParseObject(_workload.ServerAppliedPod);
        var applied = PatchHandler.ReadApplied(_workload.ChangedApplyBody).Applied;
        return ObjectJson.ToStored(FieldManager.Apply(live, applied, _schema, "kubectl", force: false, "v1", PatchWorkload.Now));
    }

    [Benchmark(Description = "(d) SSA: first apply")]
    public byte[] ServerSideApplyFirst()
    {
        var applied = PatchHandler.ReadApplied(_workload.ApplyBody).Applied;
        return ObjectJson.ToStored(FieldManager.Apply(null, applied, _schema, "kubectl", force: false, "v1", PatchWorkload.Now));
    }

    /// <summary>How much of an apply is decoding its body (application/apply-patch+yaml goes through the YAML reader).</summary>
    [Benchmark(Description = "SSA body decode only")]
    public JsonObject ApplyBodyDecode() => PatchHandler.ReadApplied(_workload.ChangedApplyBody).Applied;
}
