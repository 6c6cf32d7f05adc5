using System.Globalization;

namespace Bosun.Api.Discovery;

/// <summary>
/// Chooses the discovery format from an Accept header the way a Kubernetes API server does for
/// <c>/api</c> and <c>/apis</c>. kubectl 1.30+ sends
/// <c>application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json</c>
/// (1.27–1.29 without the v2 entry) and tells the formats apart by the response's Content-Type
/// parameters <c>g</c>, <c>v</c> and <c>as</c>.
/// </summary>
public static class DiscoveryNegotiation
{
    /// <summary>Content-Type of unaggregated discovery responses.</summary>
    public const string LegacyContentType = "application/json";

    /// <summary>Content-Type of an apidiscovery.k8s.io/v2 aggregated response.</summary>
    public const string AggregatedV2ContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>Content-Type of an apidiscovery.k8s.io/v2beta1 aggregated response.</summary>
    public const string AggregatedV2Beta1ContentType = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    private const string DiscoveryGroup = "apidiscovery.k8s.io";
    private const string DiscoveryListKind = "APIGroupDiscoveryList";

    /// <summary>
    /// Picks the format to answer with. Clauses are tried by decreasing quality (<c>q</c>), then in
    /// the client's order; the first one Bosun can produce wins. A missing or empty header means
    /// legacy JSON.
    /// </summary>
    /// <param name="accept">The Accept header value (several headers joined with commas).</param>
    /// <param name="allowAggregated">
    /// True for <c>/api</c> and <c>/apis</c>, the only paths that serve aggregated discovery; false
    /// makes aggregated clauses unacceptable so the next clause is used.
    /// </param>
    public static DiscoveryFormat Negotiate(string? accept, bool allowAggregated = true)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return DiscoveryFormat.Legacy;
        }

        var clauses = new List<(DiscoveryFormat Format, double Quality, int Order)>();
        var order = 0;
        foreach (var raw in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (format, quality) = Classify(raw, allowAggregated);
            if (format != DiscoveryFormat.NotAcceptable && quality > 0)
            {
                clauses.Add((format, quality, order));
            }

            order++;
        }

        if (clauses.Count == 0)
        {
            return DiscoveryFormat.NotAcceptable;
        }

        clauses.Sort((a, b) => a.Quality != b.Quality ? b.Quality.CompareTo(a.Quality) : a.Order.CompareTo(b.Order));
        return clauses[0].Format;
    }

    /// <summary>The exact Content-Type header value to answer a format with.</summary>
    public static string ContentTypeOf(DiscoveryFormat format) => format switch
    {
        DiscoveryFormat.Legacy => LegacyContentType,
        DiscoveryFormat.AggregatedV2 => AggregatedV2ContentType,
        DiscoveryFormat.AggregatedV2Beta1 => AggregatedV2Beta1ContentType,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no content type for this format"),
    };

    private static (DiscoveryFormat Format, double Quality) Classify(string clause, bool allowAggregated)
    {
        var parts = clause.Split(';', StringSplitOptions.TrimEntries);
        var mediaType = parts[0].ToLowerInvariant();
        string? group = null, version = null, kind = null;
        var quality = 1.0;
        for (var i = 1; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var name = parts[i][..eq].Trim().ToLowerInvariant();
            var value = parts[i][(eq + 1)..].Trim().Trim('"');
            switch (name)
            {
                case "q":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out quality))
                    {
                        quality = 0;
                    }

                    break;
                case "g":
                    group = value;
                    break;
                case "v":
                    version = value;
                    break;
                case "as":
                    kind = value;
                    break;

                // charset, pretty, profile (e.g. profile=nopeer: one server is its own only peer)
                // and anything else do not change what Bosun sends.
                default:
                    break;
            }
        }

        if (mediaType is "*/*" or "application/*")
        {
            return (DiscoveryFormat.Legacy, quality);
        }

        if (mediaType != "application/json")
        {
            // YAML and protobuf discovery are not produced.
            return (DiscoveryFormat.NotAcceptable, 0);
        }

        if (group is null && version is null && kind is null)
        {
            return (DiscoveryFormat.Legacy, quality);
        }

        if (!allowAggregated || group != DiscoveryGroup || kind != DiscoveryListKind)
        {
            // A conversion Bosun does not offer here (e.g. as=Table); try the next clause.
            return (DiscoveryFormat.NotAcceptable, 0);
        }

        return version switch
        {
            "v2" => (DiscoveryFormat.AggregatedV2, quality),
            "v2beta1" => (DiscoveryFormat.AggregatedV2Beta1, quality),
            _ => (DiscoveryFormat.NotAcceptable, 0),
        };
    }
}
