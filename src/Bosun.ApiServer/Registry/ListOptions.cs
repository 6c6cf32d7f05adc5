using Bosun.Api.Errors;
using Bosun.Api.Selectors;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Registry;

/// <summary>The query parameters of list and watch (metav1.ListOptions).</summary>
public sealed record ListOptions
{
    public LabelSelector Labels { get; init; } = LabelSelector.Everything;

    public FieldSelector Fields { get; init; } = FieldSelector.Everything;

    public int Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>Null when not given (a consistent read).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>NotOlderThan, Exact or null.</summary>
    public string? ResourceVersionMatch { get; init; }

    public bool Watch { get; init; }

    public bool AllowWatchBookmarks { get; init; }

    public bool? SendInitialEvents { get; init; }

    public int? TimeoutSeconds { get; init; }

    /// <summary>Parses and checks the combination rules kube-apiserver enforces; bad input is a 400.</summary>
    public static ListOptions Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        LabelSelector labels;
        FieldSelector fields;
        try
        {
            labels = LabelSelector.Parse(query["labelSelector"].ToString());
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest(e.Message);
        }

        try
        {
            fields = FieldSelector.Parse(query["fieldSelector"].ToString());
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest(e.Message);
        }

        var options = new ListOptions
        {
            Labels = labels,
            Fields = fields,
            Limit = ParseInt(query, "limit") ?? 0,
            Continue = NullIfEmpty(query["continue"].ToString()),
            ResourceVersion = query.ContainsKey("resourceVersion") ? query["resourceVersion"].ToString() : null,
            ResourceVersionMatch = NullIfEmpty(query["resourceVersionMatch"].ToString()),
            Watch = ParseBool(query, "watch") ?? false,
            AllowWatchBookmarks = ParseBool(query, "allowWatchBookmarks") ?? false,
            SendInitialEvents = ParseBool(query, "sendInitialEvents"),
            TimeoutSeconds = ParseInt(query, "timeoutSeconds"),
        };
        if (options.ResourceVersion == "")
        {
            options = options with { ResourceVersion = null };
        }

        options.Check();
        return options;
    }

    /// <summary>The revision named by resourceVersion, 0 for "0", null when unset.</summary>
    public long? Revision => ResourceVersion is null ? null : ParseVersion(ResourceVersion);

    /// <summary>Parses a resourceVersion; anything but a non-negative integer is a 400.</summary>
    public static long ParseVersion(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"invalid resource version \"{text}\"");

    /// <summary>Parses a signed integer parameter; anything else is a 400 naming the parameter.</summary>
    public static long ParseInteger(string text, string name) =>
        long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"{name}: Invalid value: \"{text}\": must be an integer");

    private void Check()
    {
        _ = Revision;
        if (Limit < 0)
        {
            throw ApiException.BadRequest("limit must be greater than or equal to 0");
        }

        if (ResourceVersionMatch is not (null or "NotOlderThan" or "Exact"))
        {
            throw ApiException.BadRequest($"resourceVersionMatch: Unsupported value: \"{ResourceVersionMatch}\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
        }

        // Watch-list (sendInitialEvents) may pair NotOlderThan with an unset resourceVersion: "the latest state".
        if (ResourceVersionMatch is not null && ResourceVersion is null && !(Watch && SendInitialEvents is not null))
        {
            throw ApiException.BadRequest("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
        }

        if (ResourceVersionMatch == "Exact" && ResourceVersion == "0")
        {
            throw ApiException.BadRequest("resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
        }

        if (Continue is not null && ResourceVersion is not null && ResourceVersion != "0")
        {
            throw ApiException.BadRequest("resourceVersion: Forbidden: specifying resource version is not allowed when using continue");
        }

        if (SendInitialEvents is not null && !Watch)
        {
            throw ApiException.BadRequest("sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list");
        }

        if (SendInitialEvents is not null && ResourceVersionMatch != "NotOlderThan")
        {
            throw ApiException.BadRequest("resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
        }

        if (SendInitialEvents is true && !AllowWatchBookmarks)
        {
            throw ApiException.BadRequest("allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true");
        }

        if (Watch && SendInitialEvents is null && ResourceVersionMatch is not null)
        {
            throw ApiException.BadRequest("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static int? ParseInt(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        return text.Length == 0 ? null : (int)Math.Clamp(ParseInteger(text, name), int.MinValue, int.MaxValue);
    }

    private static bool? ParseBool(IQueryCollection query, string name)
    {
        if (!query.ContainsKey(name))
        {
            return null;
        }

        return query[name].ToString().ToLowerInvariant() switch
        {
            "" or "1" or "true" or "t" => true,
            "0" or "false" or "f" => false,
            var other => throw ApiException.BadRequest($"{name}: Invalid value: \"{other}\": must be a boolean"),
        };
    }
}
