using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Serialization;
using Bosun.Client.Informers;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Client.Dynamic;

/// <summary>
/// Resource-agnostic calls for controllers that act on every kind (client-go's dynamic and metadata clients): the
/// official client's typed operations need a C# type per resource, these take an <see cref="ApiResource"/> found
/// through discovery. Requests go through the official client's HttpClient and credentials.
/// </summary>
public sealed class DynamicClient(Kubernetes client)
{
    private readonly Kubernetes _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>
    /// The served resources at each group's preferred version, without subresources. A group whose discovery fails
    /// is reported in <see cref="Discovery.FailedGroups"/> rather than failing the whole call (as client-go's
    /// ServerPreferredResources does).
    /// </summary>
    public async Task<Discovery> DiscoverAsync(CancellationToken cancellationToken)
    {
        var resources = new List<ApiResource>();
        var failed = new List<string>();
        Add(resources, "", "v1", await _client.CoreV1.GetAPIResourcesAsync(cancellationToken));
        var groups = await _client.Apis.GetAPIVersionsAsync(cancellationToken);
        foreach (var group in groups.Groups)
        {
            var version = group.PreferredVersion?.Version ?? group.Versions[0].Version;
            try
            {
                Add(resources, group.Name, version, await _client.CustomObjects.GetAPIResourcesAsync(group.Name, version, cancellationToken));
            }
            catch (HttpOperationException)
            {
                failed.Add($"{group.Name}/{version}");
            }
        }

        return new Discovery(resources, failed);
    }

    /// <summary>Lists every object of <paramref name="resource"/> (in <paramref name="ns"/>, or everywhere).</summary>
    public async Task<ListResult<PartialObject>> ListAsync(ApiResource resource, string? ns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var json = await SendAsync(HttpMethod.Get, resource.PathFor(ns), null, null, cancellationToken);
        var list = KubernetesJson.Deserialize<PartialList>(json);
        return new ListResult<PartialObject>(list.Items ?? [], list.Metadata?.ResourceVersion ?? "");
    }

    /// <summary>Watches <paramref name="resource"/> everywhere from <paramref name="resourceVersion"/>, with bookmarks.</summary>
    public async IAsyncEnumerable<(WatchEventType Type, PartialObject Object)> WatchAsync(
        ApiResource resource, string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(onError);
        var path = $"{resource.PathFor(null)}?watch=true&allowWatchBookmarks=true&timeoutSeconds={WatchTimeouts.NextSeconds()}&resourceVersion={Uri.EscapeDataString(resourceVersion)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_client.BaseUri, path));
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(request, response, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var e = KubernetesJson.Deserialize<RawWatchEvent>(line);
            if (e.Type == WatchEventType.Error)
            {
                onError(new KubernetesException(KubernetesJson.Deserialize<V1Status>(e.Object.GetRawText())));
                continue;
            }

            yield return (e.Type, KubernetesJson.Deserialize<PartialObject>(e.Object.GetRawText()));
        }
    }

    /// <summary>A list/watch pair over every namespace, for an <see cref="Informer{T}"/>.</summary>
    public ListWatch<PartialObject> ListWatchFor(ApiResource resource) =>
        new(ct => ListAsync(resource, null, ct), (rv, onError, ct) => WatchAsync(resource, rv, onError, ct));

    /// <summary>Reads one object; null when it does not exist.</summary>
    public async Task<PartialObject?> GetAsync(ApiResource resource, string? ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        try
        {
            return KubernetesJson.Deserialize<PartialObject>(await SendAsync(HttpMethod.Get, resource.PathFor(ns, name), null, null, cancellationToken));
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes one object with a propagation policy (Background, Foreground, Orphan; null for the server's default)
    /// and, when given, a uid precondition so a newer object of the same name is never hit. False when it was already gone.
    /// </summary>
    public async Task<bool> DeleteAsync(ApiResource resource, string? ns, string name, string? propagationPolicy, string? uid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var options = new V1DeleteOptions
        {
            PropagationPolicy = propagationPolicy,
            Preconditions = uid is null ? null : new V1Preconditions { Uid = uid },
        };
        try
        {
            await SendAsync(HttpMethod.Delete, resource.PathFor(ns, name), KubernetesJson.Serialize(options), "application/json", cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // 409: the uid precondition failed — the object we meant is gone.
            return false;
        }
    }

    /// <summary>Deletes every object of <paramref name="resource"/> in <paramref name="ns"/> (deletecollection).</summary>
    public async Task DeleteCollectionAsync(ApiResource resource, string ns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var options = new V1DeleteOptions { PropagationPolicy = "Background" };
        await SendAsync(HttpMethod.Delete, resource.PathFor(ns), KubernetesJson.Serialize(options), "application/json", cancellationToken);
    }

    /// <summary>Sends a JSON patch (RFC 6902) to one object.</summary>
    public async Task JsonPatchAsync(ApiResource resource, string? ns, string name, string patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        await SendAsync(HttpMethod.Patch, resource.PathFor(ns, name), patch, "application/json-patch+json", cancellationToken);
    }

    private async Task<string> SendAsync(HttpMethod method, string path, string? body, string? contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_client.BaseUri, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType!);
        }

        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(request, response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // HTTP/2 when the server offers it: the garbage collector's dozens of watches then share one connection
        // instead of holding one TLS connection (and its buffers, on both ends) each.
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        if (_client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        return await _client.HttpClient.SendAsync(request, completion, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var content = await response.Content.ReadAsStringAsync(cancellationToken);
        // The same exception the typed operations throw, so callers handle both alike.
        throw new HttpOperationException($"{request.Method} {request.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {content}")
        {
            Response = new HttpResponseMessageWrapper(response, content),
        };
    }

    private static void Add(List<ApiResource> into, string group, string version, V1APIResourceList list)
    {
        foreach (var r in list.Resources)
        {
            if (!r.Name.Contains('/', StringComparison.Ordinal))
            {
                into.Add(new ApiResource(group, version, r.Name, r.Kind, r.Namespaced, [.. r.Verbs ?? []]));
            }
        }
    }

    private sealed class PartialList
    {
        [JsonPropertyName("metadata")]
        public V1ListMeta? Metadata { get; set; }

        [JsonPropertyName("items")]
        public List<PartialObject>? Items { get; set; }
    }

    private sealed class RawWatchEvent
    {
        [JsonPropertyName("type")]
        public WatchEventType Type { get; set; }

        [JsonPropertyName("object")]
        public System.Text.Json.JsonElement Object { get; set; }
    }
}
