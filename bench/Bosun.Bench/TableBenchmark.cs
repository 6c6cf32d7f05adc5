using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bosun.Api.Objects;
using Bosun.Api.Printing;

using Bosun.ApiServer.Http;
using Bosun.Storage.Cache;

namespace Bosun.Bench;

/// <summary>
/// Server-side printing cost: the time to write a meta.k8s.io Table for N realistic pods (as
/// <c>kubectl get pods</c> asks for it: rows with cells and PartialObjectMetadata) next to the time to
/// write the same pods as a plain JSON list. Both write the way the HTTP handlers do, into a reused buffer.
/// The Table is measured cold (rows computed from the stored bytes) and warm (rows the watch cache's
/// objects already carry from an earlier table).
/// </summary>
internal static class TableBenchmark
{
    public const string Usage = "[--pods 10000] [--runs 7]";

    // A pod of about 3.5 KB, the size kubelets and controllers leave behind (no managedFields).
    private static readonly string PodTemplate = """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"@NAME","generateName":"web-7d9f8b6c5-","namespace":"default",
             "uid":"@UID","creationTimestamp":"2026-01-01T09:00:00Z",
             "labels":{"app":"web","pod-template-hash":"7d9f8b6c5","tier":"frontend"},
             "annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-01T08:59:00Z","prometheus.io/scrape":"true"},
             "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d9f8b6c5","uid":"0b4f1a7e-3c39-4a4e-9d0a-6f2b9c1d2e3f","controller":true,"blockOwnerDeletion":true}]},
             "spec":{"volumes":[{"name":"kube-api-access-abcde","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}}],"defaultMode":420}}],
              "containers":[{"name":"nginx","image":"nginx:1.27.3","ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],
                "env":[{"name":"MODE","value":"production"},{"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}}],
                "resources":{"limits":{"cpu":"500m","memory":"256Mi"},"requests":{"cpu":"100m","memory":"128Mi"}},
                "volumeMounts":[{"name":"kube-api-access-abcde","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}],
                "readinessProbe":{"httpGet":{"path":"/healthz","port":80,"scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},
                "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
              "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default","serviceAccount":"default",
              "nodeName":"@NODE","securityContext":{},"schedulerName":"default-scheduler",
              "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],
              "priority":0,"enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority"},
             "status":{"phase":"Running","conditions":[
               {"type":"PodReadyToStartContainers","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T09:00:05Z"},
               {"type":"Initialized","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T09:00:00Z"},
               {"type":"Ready","status":"@READYCOND","lastProbeTime":null,"lastTransitionTime":"2026-01-01T09:00:10Z"},
               {"type":"ContainersReady","status":"@READYCOND","lastProbeTime":null,"lastTransitionTime":"2026-01-01T09:00:10Z"},
               {"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T09:00:00Z"}],
              "hostIP":"192.168.0.@HOST","hostIPs":[{"ip":"192.168.0.@HOST"}],"podIP":"@IP","podIPs":[{"ip":"@IP"}],
              "startTime":"2026-01-01T09:00:00Z",
              "containerStatuses":[{"name":"nginx","state":@STATE,"lastState":@LAST,"ready":@READY,"restartCount":@RESTARTS,
                "image":"docker.io/library/nginx:1.27.3","imageID":"docker.io/library/nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "containerID":"containerd://@CID0123456789abcdef0123456789abcdef0123456789abcdef01234567","started":@READY}],
              "qosClass":"Burstable"}}
            
        """.Replace("\n", "", StringComparison.Ordinal);

    private static readonly Bosun.Api.Catalog.ResourceDefinition PodsResource =
        Bosun.Api.Catalog.BuiltInResources.CreateCatalog().Find("", "v1", "pods")!;

    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static Task<int> RunAsync(string[] args)
    {
        var options = new BenchArguments(args);
        var count = options.Int("pods", 10000);
        var runs = options.Int("runs", 7);
        options.ThrowIfUnused();

        var pods = Enumerable.Range(0, count).Select(Pod).ToArray();
        var averageBytes = pods.Average(p => p.Length);
        var buffer = new ArrayBufferWriter<byte>(count * 4096);

        Console.WriteLine("table: server-side printing of pods (Table with metadata rows) vs a plain JSON list");
        Console.WriteLine($"  machine:    {MachineInfo.Describe()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  conditions: {count} pods of {averageBytes:F0} bytes on average (mixed statuses), {runs} runs after a warm-up, one thread, median"));

        // Warm-up: JIT and buffer growth.
        WriteList(buffer, pods);
        WriteTable(buffer, Cached(pods));

        var listTimes = new List<double>();
        var coldTimes = new List<double>();
        var warmTimes = new List<double>();
        var parseTimes = new List<double>();
        long listBytes = 0, tableBytes = 0;
        for (var run = 1; run <= runs; run++)
        {
            // Cold: every object is a version no table has printed yet (rows computed: parse + cells + metadata).
            // Warm: the same cached versions again, as the watch cache serves every later kubectl get and watch.
            var cached = Cached(pods);
            listTimes.Add(Measure(() => listBytes = WriteList(buffer, pods)));
            coldTimes.Add(Measure(() => tableBytes = WriteTable(buffer, cached)));
            warmTimes.Add(Measure(() => tableBytes = WriteTable(buffer, cached)));
            parseTimes.Add(Measure(() => ParseOnly(pods)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {run}: list {listTimes[^1]:F1} ms, table cold {coldTimes[^1]:F1} ms, table warm {warmTimes[^1]:F1} ms"));
        }

        var list = Median(listTimes);
        var cold = Median(coldTimes);
        var warm = Median(warmTimes);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  JSON list (median of {runs}):  {list:F1} ms ({listBytes / 1024.0 / 1024.0:F1} MiB)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Table cold (median of {runs}): {cold:F1} ms ({tableBytes / 1024.0 / 1024.0:F1} MiB), of which JsonDocument.Parse {Median(parseTimes):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Table warm (median of {runs}): {warm:F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio table/list: cold {cold / list:F2}x, warm {warm / list:F2}x (goal < 2x)"));
        return Task.FromResult(0);
    }

    private static double Measure(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void ParseOnly(byte[][] pods)
    {
        foreach (var pod in pods)
        {
            using var document = JsonDocument.Parse(pod);
        }
    }

    /// <summary>A PodList as the list handler writes it: each stored object copied with its resourceVersion.</summary>
    private static long WriteList(ArrayBufferWriter<byte> buffer, byte[][] pods)
    {
        buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString("kind", "PodList");
        writer.WriteString("apiVersion", "v1");
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", "20000");
        writer.WriteEndObject();
        writer.WriteStartArray("items");
        for (var i = 0; i < pods.Length; i++)
        {
            writer.WriteRawValue(ObjectJson.WithResourceVersion(pods[i], 10000 + i), skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenCount;
    }

    /// <summary>The Table the server's own table writer builds for kubectl get (includeObject=Metadata).</summary>
    private static long WriteTable(ArrayBufferWriter<byte> buffer, CachedObject<int>[] pods)
    {
        buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(buffer);
        TableWriter.Write(writer, PodsResource, pods.Select(pod => (pod, pod.Revision)), 20_000, null, null, includeColumns: true, RowObject.Metadata, "v1", Now);
        writer.Flush();
        return buffer.WrittenCount;
    }

    /// <summary>Fresh watch-cache entries for the pods (versions no table has printed yet).</summary>
    private static CachedObject<int>[] Cached(byte[][] pods) =>
        pods.Select((pod, i) => new CachedObject<int>($"/registry/pods/default/{i}", pod, 10_000 + i, 0)).ToArray();

    /// <summary>A pod as a Deployment's ReplicaSet creates it and the kubelet reports it, in one of several states.</summary>
    private static byte[] Pod(int i)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"web-7d9f8b6c5-{i:x5}");
        var node = string.Create(CultureInfo.InvariantCulture, $"node-{i % 50}");
        var ip = string.Create(CultureInfo.InvariantCulture, $"10.244.{i / 250 % 250}.{i % 250 + 2}");
        var state = (i % 10) switch
        {
            0 => """{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s restarting failed container"}}""",
            1 => """{"waiting":{"reason":"ContainerCreating"}}""",
            2 => """{"terminated":{"exitCode":0,"reason":"Completed","startedAt":"2026-01-01T10:00:00Z","finishedAt":"2026-01-01T10:05:00Z"}}""",
            _ => """{"running":{"startedAt":"2026-01-01T09:00:00Z"}}""",
        };
        var ready = i % 10 >= 3 ? "true" : "false";
        var restarts = i % 10 == 0 ? 7 : 0;
        var lastState = restarts > 0
            ? """{"terminated":{"exitCode":1,"reason":"Error","startedAt":"2026-01-01T11:50:00Z","finishedAt":"2026-01-01T11:55:00Z"}}"""
            : "{}";
        var json = new StringBuilder(PodTemplate)
            .Replace("@NAME", name)
            .Replace("@UID", Guid.NewGuid().ToString())
            .Replace("@NODE", node)
            .Replace("@READYCOND", ready == "true" ? "True" : "False")
            .Replace("@HOST", (i % 50 + 10).ToString(CultureInfo.InvariantCulture))
            .Replace("@IP", ip)
            .Replace("@STATE", state)
            .Replace("@LAST", lastState)
            .Replace("@READY", ready)
            .Replace("@RESTARTS", restarts.ToString(CultureInfo.InvariantCulture))
            .Replace("@CID", i.ToString("x8", CultureInfo.InvariantCulture));
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
