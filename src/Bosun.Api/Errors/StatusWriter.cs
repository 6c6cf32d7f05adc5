using System.Text.Json;

namespace Bosun.Api.Errors;

/// <summary>Serializes Status objects (failures and successes) in Kubernetes' JSON shape.</summary>
public static class StatusWriter
{
    /// <summary>The Status body for an error.</summary>
    public static byte[] Failure(ApiException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteHead(w, "Failure");
            w.WriteString("message", error.Message);
            w.WriteString("reason", error.Reason);
            if (error.DetailsName is not null || error.DetailsKind is not null || error.Causes.Count > 0 || error.RetryAfterSeconds is not null)
            {
                w.WriteStartObject("details");
                if (!string.IsNullOrEmpty(error.DetailsName))
                {
                    w.WriteString("name", error.DetailsName);
                }

                if (!string.IsNullOrEmpty(error.DetailsGroup))
                {
                    w.WriteString("group", error.DetailsGroup);
                }

                if (!string.IsNullOrEmpty(error.DetailsKind))
                {
                    w.WriteString("kind", error.DetailsKind);
                }

                if (error.Causes.Count > 0)
                {
                    w.WriteStartArray("causes");
                    foreach (var cause in error.Causes)
                    {
                        w.WriteStartObject();
                        w.WriteString("reason", cause.Reason);
                        w.WriteString("message", cause.Message);
                        w.WriteString("field", cause.Field);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                if (error.RetryAfterSeconds is { } retry)
                {
                    w.WriteNumber("retryAfterSeconds", retry);
                }

                w.WriteEndObject();
            }

            w.WriteNumber("code", error.Code);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A bare Success Status (what pods/binding answers).</summary>
    public static byte[] SuccessPlain() =>
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}"u8.ToArray();

    /// <summary>A Success Status naming the object concerned (what most deletes answer).</summary>
    public static byte[] Success(string group, string resource, string name, string? uid)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteHead(w, "Success");
            w.WriteStartObject("details");
            w.WriteString("name", name);
            if (group.Length > 0)
            {
                w.WriteString("group", group);
            }

            w.WriteString("kind", resource);
            if (!string.IsNullOrEmpty(uid))
            {
                w.WriteString("uid", uid);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Opens a Status object: kind, apiVersion, empty metadata and the status.</summary>
    private static void WriteHead(Utf8JsonWriter w, string status)
    {
        w.WriteStartObject();
        w.WriteString("kind", "Status");
        w.WriteString("apiVersion", "v1");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        w.WriteString("status", status);
    }
}
