using Bosun.Api.Errors;

namespace Bosun.ApiServer.Http;

/// <summary>Chooses the response format from an Accept header, as kube-apiserver's negotiation does for JSON clients.</summary>
public static class AcceptNegotiator
{
    private static readonly string[] Supported = ["application/json", "application/yaml", "application/json;as=Table;v=v1;g=meta.k8s.io"];

    /// <summary>The first acceptable media range wins; none acceptable is a 406.</summary>
    public static ResponseFormat Negotiate(string? accept, bool allowMetaKinds)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return ResponseFormat.Json;
        }

        foreach (var range in accept.Split(','))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            var type = parts[0].ToLowerInvariant();
            var parameters = parts.Skip(1)
                .Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2)
                .GroupBy(p => p[0].Trim().ToLowerInvariant())
                .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.Ordinal);
            if (parameters.TryGetValue("q", out var q) && q is "0" or "0.0")
            {
                continue;
            }

            if (type is "application/yaml")
            {
                return new ResponseFormat(ResponseKind.Yaml);
            }

            if (type is not ("application/json" or "application/*" or "*/*"))
            {
                continue;
            }

            if (!parameters.TryGetValue("as", out var asKind))
            {
                return ResponseFormat.Json;
            }

            var group = parameters.GetValueOrDefault("g");
            var version = parameters.GetValueOrDefault("v");
            if (!allowMetaKinds || group != "meta.k8s.io" || version is not ("v1" or "v1beta1"))
            {
                continue;
            }

            switch (asKind)
            {
                case "Table":
                    return new ResponseFormat(ResponseKind.Table, version);
                case "PartialObjectMetadata" or "PartialObjectMetadataList":
                    return new ResponseFormat(ResponseKind.PartialObjectMetadata, version);
            }
        }

        throw ApiException.NotAcceptable(Supported);
    }
}
