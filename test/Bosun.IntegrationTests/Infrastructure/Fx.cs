using System.Net;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.IntegrationTests.Infrastructure;

/// <summary>Helpers shared by the test classes.</summary>
public static class Fx
{
    public static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? data = null, IDictionary<string, string>? labels = null) =>
        new()
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Data = data ?? new Dictionary<string, string> { ["k"] = "v" },
        };

    public static V1Deployment Deployment(string name, int replicas = 1) =>
        new()
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx:1" }] },
                },
            },
        };

    public static V1Pod Pod(string name, string? nodeName = null, IDictionary<string, string>? labels = null) =>
        new()
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1PodSpec { NodeName = nodeName, Containers = [new V1Container { Name = "c", Image = "nginx:1" }] },
        };

    /// <summary>Runs <paramref name="call"/> expecting an API error; returns the HTTP code and the decoded Status.</summary>
    public static async Task<(HttpStatusCode Code, V1Status? Status)> ErrorAsync(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<HttpOperationException>(call);
        V1Status? status = null;
        try
        {
            status = k8s.KubernetesJson.Deserialize<V1Status>(ex.Response.Content);
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return (ex.Response.StatusCode, status);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the timeout passes.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in time");
            }

            await Task.Delay(50);
        }
    }
}
