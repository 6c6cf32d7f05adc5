using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.ApiServer.Http;
using Bosun.ApiServer.Kubelets;
using Bosun.ApiServer.Registry;
using Bosun.ApiServer.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bosun.ApiServer.Metrics;

/// <summary>
/// <c>metrics.k8s.io/v1beta1</c> nodes and pods (get, list), what metrics-server serves and <c>kubectl top</c>
/// reads. Nothing is stored: each request selects the nodes or pods (label and field selectors apply to them, as
/// metrics-server applies them), asks the agents of the Ready, non-simulated nodes involved for their
/// <c>/metrics/resource/summary</c>, and builds the objects. A node or pod without figures is left out of lists;
/// on get it is NotFound as <c>nodemetrics</c>/<c>podmetrics</c>, and one that does not exist at all is NotFound as
/// <c>node</c>/<c>pod</c> (the words of metrics-server's listers).
/// </summary>
internal sealed partial class MetricsHandler(
    ResourceReader reader,
    ResourceCatalog catalog,
    KubeletTransport transport,
    TimeProvider time,
    ILogger<MetricsHandler> logger)
{
    /// <summary>Nodes carrying this label set to true are played by the simulator: no agent to ask.</summary>
    public const string SimulatedLabel = "node.bosun.dev/simulated";

    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(10);

    public async Task HandleAsync(HttpContext context, RequestInfo info)
    {
        var resource = catalog.Find(info.Group, info.Version, info.Resource);
        if (resource is null || info.Subresource.Length > 0 || (!resource.Namespaced && info.Namespace.Length > 0)
            || (resource.Namespaced && info.Namespace.Length == 0 && info.Verb != "list"))
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }

        if (info.Verb is not ("get" or "list"))
        {
            throw ApiException.MethodNotSupported(resource.Group, resource.Plural, info.Verb);
        }

        var body = resource.Plural == "nodes"
            ? await NodesAsync(info, context.Request.Query, context.RequestAborted)
            : await PodsAsync(info, context.Request.Query, context.RequestAborted);
        await ApiResponses.WriteBytesAsync(context, 200, System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json");
    }

    private async Task<JsonObject> NodesAsync(RequestInfo info, IQueryCollection query, CancellationToken ct)
    {
        var nodesResource = catalog.Find("", "v1", "nodes") ?? throw ApiException.Internal("nodes are not served");
        var get = info.Verb == "get";
        var nodes = get
            ? [await ObjectAsync(nodesResource, "", info.Name, ct) ?? throw ApiException.NotFound("", "node", info.Name)]
            : await ListAsync(nodesResource, "", query, ct);
        var summaries = Scrape(nodes, ct);
        var now = time.GetUtcNow();
        var items = new List<JsonObject>();
        foreach (var node in nodes)
        {
            var name = NameOf(node);
            if (summaries.TryGetValue(name, out var scrape) && await scrape is { Node: { } usage })
            {
                items.Add(MetricsObjects.Node(name, node["metadata"]?["labels"] as JsonObject, usage, now));
            }
        }

        return get
            ? items.FirstOrDefault() ?? throw ApiException.NotFound(BuiltInResources.MetricsGroup, "nodemetrics", info.Name)
            : MetricsObjects.List("NodeMetricsList", items);
    }

    private async Task<JsonObject> PodsAsync(RequestInfo info, IQueryCollection query, CancellationToken ct)
    {
        var podsResource = catalog.Find("", "v1", "pods") ?? throw ApiException.Internal("pods are not served");
        var nodesResource = catalog.Find("", "v1", "nodes") ?? throw ApiException.Internal("nodes are not served");
        var get = info.Verb == "get";
        var notFound = ApiException.NotFound(BuiltInResources.MetricsGroup, "podmetrics", $"{info.Namespace}/{info.Name}");
        var pods = get
            ? [await ObjectAsync(podsResource, info.Namespace, info.Name, ct) ?? throw ApiException.NotFound("", "pod", info.Name)]
            : await ListAsync(podsResource, info.Namespace, query, ct);

        var nodes = new List<JsonObject>();
        foreach (var nodeName in pods.Select(p => p["spec"]?["nodeName"]?.GetValue<string>()).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (await ObjectAsync(nodesResource, "", nodeName, ct) is { } node)
            {
                nodes.Add(node);
            }
        }

        var summaries = Scrape(nodes, ct);
        var now = time.GetUtcNow();
        var items = new List<JsonObject>();
        foreach (var pod in pods)
        {
            var metadata = pod["metadata"];
            var ns = metadata?["namespace"]?.GetValue<string>() ?? "";
            var name = metadata?["name"]?.GetValue<string>() ?? "";
            var nodeName = pod["spec"]?["nodeName"]?.GetValue<string>() ?? "";
            if (!summaries.TryGetValue(nodeName, out var scrape) || await scrape is not { } summary
                || !summary.Pods.TryGetValue($"{ns}/{name}", out var usage)
                || (usage.Uid.Length > 0 && usage.Uid != metadata?["uid"]?.GetValue<string>()))
            {
                continue;
            }

            items.Add(MetricsObjects.Pod(ns, name, metadata?["labels"] as JsonObject, usage, now));
        }

        return get ? items.FirstOrDefault() ?? throw notFound : MetricsObjects.List("PodMetricsList", items);
    }

    /// <summary>Starts one summary request per node that has an agent to ask, keyed by node name.</summary>
    private Dictionary<string, Task<AgentSummary?>> Scrape(IEnumerable<JsonObject> nodes, CancellationToken ct)
    {
        var scrapes = new Dictionary<string, Task<AgentSummary?>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (HasAgent(node))
            {
                scrapes.TryAdd(NameOf(node), SummaryAsync(node, ct));
            }
        }

        return scrapes;
    }

    private async Task<AgentSummary?> SummaryAsync(JsonObject node, CancellationToken ct)
    {
        var name = NameOf(node);
        try
        {
            var url = new Uri($"https://{KubeletLocator.HostOf(node)}:{KubeletLocator.PortOf(node)}/metrics/resource/summary");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(AgentTimeout);
            using var response = await transport.Client.GetAsync(url, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogScrapeFailed(logger, name, $"HTTP {(int)response.StatusCode}", null);
                return null;
            }

            var json = JsonNode.Parse(await response.Content.ReadAsStreamAsync(timeout.Token));
            return AgentSummary.Parse(json);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or ApiException or InvalidOperationException)
        {
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            LogScrapeFailed(logger, name, e.Message, null);
            return null;
        }
    }

    /// <summary>Ready and not simulated: a real agent that can be asked.</summary>
    internal static bool HasAgent(JsonObject node)
    {
        if (node["metadata"]?["labels"]?[SimulatedLabel]?.GetValue<string>() == "true")
        {
            return false;
        }

        return (node["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => c["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");
    }

    private async Task<JsonObject?> ObjectAsync(ResourceDefinition resource, string ns, string name, CancellationToken ct) =>
        await reader.GetAsync(resource, ns, name, null, ct) is { } stored ? JsonNode.Parse(stored.Value.Span) as JsonObject : null;

    private async Task<List<JsonObject>> ListAsync(ResourceDefinition resource, string ns, IQueryCollection query, CancellationToken ct)
    {
        var parsed = ListOptions.Parse(query);
        var options = new ListOptions { Labels = parsed.Labels, Fields = parsed.Fields };
        var list = await reader.ListAsync(resource, ns, options, ct);
        return [.. list.Items.Select(i => JsonNode.Parse(i.Value.Span)).OfType<JsonObject>()];
    }

    private static string NameOf(JsonObject node) => node["metadata"]?["name"]?.GetValue<string>() ?? "";

    [LoggerMessage(Level = LogLevel.Warning, Message = "metrics: could not read the summary of node {Node}: {Reason}")]
    private static partial void LogScrapeFailed(ILogger logger, string node, string reason, Exception? error);
}
