using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Bosun.E2E.Etcd;

/// <summary>The few raw API calls the etcd tests make, over the admin client of one server.</summary>
internal static class ApiCalls
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent ConfigMap(string name, string value) =>
        Json($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"v":"{{{value}}}"}}""");

    public static async Task<JsonObject> CreateConfigMapAsync(HttpClient client, string ns, string name, string value)
    {
        using var response = await client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", ConfigMap(name, value));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static async Task CreateNamespaceAsync(HttpClient client, string ns)
    {
        using var response = await client.PostAsync("/api/v1/namespaces", Json($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}"""));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static string ResourceVersion(JsonNode obj) => (string)obj["metadata"]!["resourceVersion"]!;

    /// <summary>The configmaps of a namespace: name → resourceVersion, and the list's resourceVersion.</summary>
    public static async Task<(Dictionary<string, string> Items, string ResourceVersion)> ListConfigMapsAsync(HttpClient client, string ns)
    {
        var list = JsonNode.Parse(await client.GetStringAsync($"/api/v1/namespaces/{ns}/configmaps"))!;
        var items = list["items"]!.AsArray().ToDictionary(i => (string)i!["metadata"]!["name"]!, i => ResourceVersion(i!), StringComparer.Ordinal);
        return (items, ResourceVersion(list));
    }

    /// <summary>The events of one watch request, as they arrive, until the stream ends or is cancelled.</summary>
    public static async IAsyncEnumerable<(string Type, JsonNode Object)> WatchConfigMapsAsync(
        HttpClient client, string ns, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken, int timeoutSeconds = 0)
    {
        var timeout = timeoutSeconds > 0 ? $"&timeoutSeconds={timeoutSeconds}" : "";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersion={resourceVersion}&allowWatchBookmarks=true{timeout}");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var e = JsonNode.Parse(line)!;
            yield return ((string)e["type"]!, e["object"]!);
        }
    }

    /// <summary>True for the answers a client may retry (the server never answered wrongly, only "not now").</summary>
    public static bool IsRetryable(HttpStatusCode code, string body)
    {
        var isStatus = body.Contains("\"kind\":\"Status\"", StringComparison.Ordinal);
        return code switch
        {
            HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError => isStatus,
            HttpStatusCode.TooManyRequests => isStatus,
            _ => false,
        };
    }
}
