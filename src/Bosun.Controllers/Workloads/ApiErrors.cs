using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace Bosun.Controllers.Workloads;

/// <summary>Reading the API's error answers as the official client surfaces them.</summary>
internal static class ApiErrors
{
    /// <summary>The HTTP status of a failed call, or null for other failures.</summary>
    public static HttpStatusCode? StatusOf(Exception e) => (e as HttpOperationException)?.Response?.StatusCode;

    /// <summary>True when the call failed with <paramref name="code"/>.</summary>
    public static bool Is(Exception e, HttpStatusCode code) => StatusOf(e) == code;

    /// <summary>The Status message the server sent (what upstream's err.Error() shows), else the exception's message.</summary>
    public static string Message(Exception e)
    {
        if (e is HttpOperationException { Response.Content: { Length: > 0 } content })
        {
            try
            {
                using var doc = JsonDocument.Parse(content);
                if (doc.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }
            catch (JsonException)
            {
                // Not a Status body: fall back to the exception's text.
            }
        }

        return e.Message;
    }

    /// <summary>True when the server refused because the namespace is terminating (upstream's NamespaceTerminatingCause).</summary>
    public static bool IsNamespaceTerminating(Exception e) =>
        e is HttpOperationException { Response.Content: { } content } && StatusOf(e) == HttpStatusCode.Forbidden
        && content.Contains("NamespaceTerminating", StringComparison.Ordinal);
}
