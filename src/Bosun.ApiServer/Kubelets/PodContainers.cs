using System.Text.Json.Nodes;
using Bosun.Api.Errors;

namespace Bosun.ApiServer.Kubelets;

/// <summary>Picks the container a log, exec or attach request addresses, with kube-apiserver's 400s.</summary>
internal static class PodContainers
{
    /// <summary>
    /// <paramref name="requested"/> when the pod has it (init, app or ephemeral), else the only app container.
    /// </summary>
    public static string Resolve(JsonObject pod, string podName, string requested)
    {
        var spec = pod["spec"] as JsonObject ?? [];
        var init = Names(spec, "initContainers");
        var app = Names(spec, "containers");
        var ephemeral = Names(spec, "ephemeralContainers");
        if (requested.Length > 0)
        {
            if (init.Concat(app).Concat(ephemeral).Contains(requested, StringComparer.Ordinal))
            {
                return requested;
            }

            throw ApiException.BadRequest($"container {requested} is not valid for pod {podName}");
        }

        return app.Count switch
        {
            1 => app[0],
            0 => throw ApiException.BadRequest($"a container name must be specified for pod {podName}"),
            // Upstream lists every container the pod has, init containers first, in Go's slice format.
            _ => throw ApiException.BadRequest(
                $"a container name must be specified for pod {podName}, choose one of: [{string.Join(' ', init.Concat(app).Concat(ephemeral))}]"),
        };
    }

    private static List<string> Names(JsonObject spec, string field) =>
        (spec[field] as JsonArray ?? []).OfType<JsonObject>().Select(c => c["name"]?.ToString() ?? "").Where(n => n.Length > 0).ToList();
}
