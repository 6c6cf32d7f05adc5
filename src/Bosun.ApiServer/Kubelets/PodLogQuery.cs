using System.Globalization;
using Bosun.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Kubelets;

/// <summary>
/// PodLogOptions from a pods/log query, validated as kube-apiserver validates them, and the kubelet's
/// containerLogs query they become.
/// </summary>
internal sealed record PodLogQuery(string Container, bool Follow, bool Previous, bool Timestamps, long? SinceSeconds, DateTimeOffset? SinceTime, long? TailLines, long? LimitBytes)
{
    public static PodLogQuery Parse(IQueryCollection query, string podName)
    {
        var options = new PodLogQuery(
            query["container"].ToString(),
            QueryValues.Bool(query, "follow"),
            QueryValues.Bool(query, "previous"),
            QueryValues.Bool(query, "timestamps"),
            QueryValues.Long(query, "sinceSeconds"),
            SinceTimeOf(query),
            QueryValues.Long(query, "tailLines"),
            QueryValues.Long(query, "limitBytes"));
        var causes = new List<StatusCause>();
        if (options.TailLines < 0)
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {options.TailLines}: must be greater than or equal to 0", "tailLines"));
        }

        if (options.LimitBytes < 1)
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {options.LimitBytes}: must be greater than 0", "limitBytes"));
        }

        if (options.SinceSeconds is not null && options.SinceTime is not null)
        {
            causes.Add(new StatusCause("FieldValueForbidden", "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified", ""));
        }

        if (options.SinceSeconds < 1)
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {options.SinceSeconds}: must be greater than 0", "sinceSeconds"));
        }

        return causes.Count > 0 ? throw ApiException.Invalid("", "PodLogOptions", podName, causes) : options;
    }

    /// <summary>The kubelet's query: only the options that are set, as upstream's LogLocation writes them.</summary>
    public string KubeletQuery()
    {
        var parts = new List<string>();
        if (Follow)
        {
            parts.Add("follow=true");
        }

        if (Previous)
        {
            parts.Add("previous=true");
        }

        if (Timestamps)
        {
            parts.Add("timestamps=true");
        }

        if (SinceSeconds is { } since)
        {
            parts.Add("sinceSeconds=" + since.ToString(CultureInfo.InvariantCulture));
        }

        if (SinceTime is { } time)
        {
            parts.Add("sinceTime=" + Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        }

        if (TailLines is { } tail)
        {
            parts.Add("tailLines=" + tail.ToString(CultureInfo.InvariantCulture));
        }

        if (LimitBytes is { } limit)
        {
            parts.Add("limitBytes=" + limit.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static DateTimeOffset? SinceTimeOf(IQueryCollection query)
    {
        var text = query["sinceTime"].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw ApiException.BadRequest($"sinceTime: invalid value \"{text}\": must be an RFC 3339 time");
    }
}
