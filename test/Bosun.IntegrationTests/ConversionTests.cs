using Bosun.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.IntegrationTests;

/// <summary>
/// Versions that are views of one storage: autoscaling/v1 and v2 HorizontalPodAutoscalers, core and
/// events.k8s.io/v1 Events. An object written in one version is read, listed, watched and updated in the other.
/// </summary>
public sealed class ConversionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Kubernetes Client => server.Client;

    private static V1HorizontalPodAutoscaler V1Hpa(string name, int cpu) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V1CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            MinReplicas = 2,
            MaxReplicas = 5,
            TargetCPUUtilizationPercentage = cpu,
        },
    };

    private static V2HorizontalPodAutoscaler V2Hpa(string name, params V2MetricSpec[] metrics) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            MaxReplicas = 3,
            Metrics = metrics.Length > 0 ? metrics : null,
        },
    };

    private static V2MetricSpec Resource(string name, V2MetricTarget target) =>
        new() { Type = "Resource", Resource = new V2ResourceMetricSource { Name = name, Target = target } };

    [Fact]
    public async Task HpaCreatedAsV1_ReadsAsV2WithCpuMetric()
    {
        var ns = await server.CreateNamespaceAsync();
        var created = await Client.AutoscalingV1.CreateNamespacedHorizontalPodAutoscalerAsync(V1Hpa("web", 70), ns);
        Assert.Equal("autoscaling/v1", created.ApiVersion);
        Assert.Equal(70, created.Spec.TargetCPUUtilizationPercentage);

        var v2 = await Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", ns);

        Assert.Equal("autoscaling/v2", v2.ApiVersion);
        Assert.Equal(created.Metadata.Uid, v2.Metadata.Uid);
        Assert.Equal(created.Metadata.ResourceVersion, v2.Metadata.ResourceVersion);
        var metric = Assert.Single(v2.Spec.Metrics);
        Assert.Equal("Resource", metric.Type);
        Assert.Equal("cpu", metric.Resource.Name);
        Assert.Equal("Utilization", metric.Resource.Target.Type);
        Assert.Equal(70, metric.Resource.Target.AverageUtilization);
        Assert.Null(v2.Metadata.Annotations);
    }

    [Fact]
    public async Task HpaCreatedAsV2WithoutMetrics_ReadsAsV1WithDefaultCpuTarget()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(V2Hpa("web"), ns);

        var v1 = await Client.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync("web", ns);

        Assert.Equal(80, v1.Spec.TargetCPUUtilizationPercentage);
        Assert.Equal(1, v1.Spec.MinReplicas);
        Assert.Single((await Client.AutoscalingV1.ListNamespacedHorizontalPodAutoscalerAsync(ns)).Items);
    }

    [Fact]
    public async Task HpaUpdatedAsV1_KeepsWhatOnlyV2CanSay()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(V2Hpa(
            "web",
            Resource("cpu", new V2MetricTarget { Type = "Utilization", AverageUtilization = 50 }),
            Resource("memory", new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity("100Mi") })), ns);

        var v1 = await Client.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync("web", ns);
        v1.Spec.MaxReplicas = 9;
        v1.Spec.TargetCPUUtilizationPercentage = 60;
        await Client.AutoscalingV1.ReplaceNamespacedHorizontalPodAutoscalerAsync(v1, "web", ns);

        var v2 = await Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", ns);
        Assert.Equal(9, v2.Spec.MaxReplicas);
        Assert.Equal(["cpu", "memory"], v2.Spec.Metrics.Select(m => m.Resource.Name));
        Assert.Equal(60, v2.Spec.Metrics[0].Resource.Target.AverageUtilization);
        Assert.Equal("100Mi", v2.Spec.Metrics[1].Resource.Target.AverageValue.ToString());
    }

    [Fact]
    public async Task HpaWatchedAsV1_SeesV2WritesInV1Form()
    {
        var ns = await server.CreateNamespaceAsync();
        var list = await Client.AutoscalingV1.ListNamespacedHorizontalPodAutoscalerAsync(ns);
        await using var watch = new WatchSession<V1HorizontalPodAutoscaler, V1HorizontalPodAutoscalerList>(ct =>
            Client.AutoscalingV1.ListNamespacedHorizontalPodAutoscalerWithHttpMessagesAsync(ns, watch: true, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: ct));

        await Client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(
            V2Hpa("web", Resource("cpu", new V2MetricTarget { Type = "Utilization", AverageUtilization = 40 })), ns);
        var e = await watch.NextAsync();

        Assert.Equal(WatchEventType.Added, e.Type);
        var added = e.Value!;
        Assert.Equal("autoscaling/v1", added.ApiVersion);
        Assert.Equal(40, added.Spec.TargetCPUUtilizationPercentage);
    }

    [Fact]
    public async Task EventCreatedAsEventsV1_IsACoreEvent()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "web.1" },
            EventTime = new DateTime(2026, 1, 1, 9, 0, 0, DateTimeKind.Utc),
            Regarding = new V1ObjectReference { Kind = "Pod", Name = "web", NamespaceProperty = ns },
            Reason = "Pulled",
            Note = "Pulled image",
            Type = "Normal",
            Action = "Pull",
            ReportingController = "bosun.io/kubelet",
            ReportingInstance = "node-1",
        }, ns);

        var core = Assert.Single((await Client.CoreV1.ListNamespacedEventAsync(ns)).Items);
        Assert.Equal("v1", core.ApiVersion);
        Assert.Equal("web", core.InvolvedObject.Name);
        Assert.Equal("Pulled image", core.Message);
        Assert.Equal("bosun.io/kubelet", core.ReportingComponent);

        var back = await Client.EventsV1.ReadNamespacedEventAsync("web.1", ns);
        Assert.Equal("events.k8s.io/v1", back.ApiVersion);
        Assert.Equal("Pulled image", back.Note);
        Assert.Equal("web", back.Regarding.Name);
    }

    [Fact]
    public async Task EventCreatedAsCore_ListsAsEventsV1()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "web.2" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web", NamespaceProperty = ns },
            Reason = "Started",
            Message = "Started container",
            Type = "Normal",
            Count = 3,
            Source = new V1EventSource { Component = "kubelet", Host = "node-1" },
        }, ns);

        var item = Assert.Single((await Client.EventsV1.ListNamespacedEventAsync(ns)).Items);

        Assert.Equal("Started container", item.Note);
        Assert.Equal(3, item.DeprecatedCount);
        Assert.Equal("node-1", item.DeprecatedSource.Host);
    }
}
