using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Bosun.Client.Dynamic;

/// <summary>
/// Any object reduced to its type and metadata (like PartialObjectMetadata): what controllers that handle every
/// kind — the garbage collector, the namespace controller — need to read.
/// </summary>
public sealed class PartialObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
