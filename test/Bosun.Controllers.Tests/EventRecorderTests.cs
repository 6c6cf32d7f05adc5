using Bosun.Client.Events;
using Bosun.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.Tests;

public sealed class EventRecorderTests(ControlPlaneFixture fx) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task Record_SameReasonAndMessageTwice_OneEventWithCountTwo()
    {
        var ns = await fx.CreateNamespaceAsync("events");
        var cm = await fx.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "subject" } }, ns);
        cm.ApiVersion = "v1";
        cm.Kind = "ConfigMap";
        var recorder = new EventRecorder(fx.Client, "test-component", "host-1");
        using var cts = new CancellationTokenSource();
        var writing = recorder.RunAsync(cts.Token);

        recorder.Record(EventRecorder.ReferenceTo(cm), "Normal", "Checked", "all good");
        recorder.Record(EventRecorder.ReferenceTo(cm), "Normal", "Checked", "all good");
        recorder.Record(EventRecorder.ReferenceTo(cm), "Warning", "Broken", "not good");

        await Eventually.TrueAsync(
            async () => (await fx.Client.CoreV1.ListNamespacedEventAsync(ns)).Items is { Count: 2 } items && items.Any(e => e.Count == 2),
            "two events, one counted twice");
        var events = (await fx.Client.CoreV1.ListNamespacedEventAsync(ns)).Items;
        var repeated = Assert.Single(events, e => e.Reason == "Checked");
        Assert.Equal(2, repeated.Count);
        Assert.Equal("all good", repeated.Message);
        Assert.Equal("test-component", repeated.Source.Component);
        Assert.Equal(cm.Metadata.Uid, repeated.InvolvedObject.Uid);
        Assert.StartsWith("subject.", repeated.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("Warning", Assert.Single(events, e => e.Reason == "Broken").Type);
        await cts.CancelAsync();
        await writing;
    }
}
