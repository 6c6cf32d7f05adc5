using k8s.Models;

namespace Bosun.Api.OpenApi;

/// <summary>The model types of the kinds subresources speak that are not resources themselves.</summary>
internal static class SubresourceModels
{
    public static Type? Find(string group, string version, string kind) => (group, version, kind) switch
    {
        ("autoscaling", "v1", "Scale") => typeof(V1Scale),
        ("", "v1", "Binding") => typeof(V1Binding),
        _ => null,
    };
}
