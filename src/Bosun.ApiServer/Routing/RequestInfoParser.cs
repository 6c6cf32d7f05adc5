namespace Bosun.ApiServer.Routing;

/// <summary>Parses request paths into <see cref="RequestInfo"/> following kube-apiserver's RequestInfoFactory.</summary>
public static class RequestInfoParser
{
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    /// <summary>Parses <paramref name="path"/>; returns null for paths outside /api and /apis.</summary>
    public static RequestInfo? Parse(string method, string path, bool watchQuery)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Trim('/').Split('/', StringSplitOptions.None);
        if (parts.Length == 0 || parts[0] is not ("api" or "apis"))
        {
            return null;
        }

        var prefix = parts[0];
        var rest = parts.Skip(1).Where(p => p.Length > 0).Select(Uri.UnescapeDataString).ToList();
        string group;
        string version;
        if (prefix == "api")
        {
            if (rest.Count < 2)
            {
                return new RequestInfo { Prefix = prefix, Parts = rest, Verb = Lower(method) };
            }

            group = "";
            version = rest[0];
            rest = rest.Skip(1).ToList();
        }
        else
        {
            if (rest.Count < 3)
            {
                return new RequestInfo { Prefix = prefix, Parts = rest, Verb = Lower(method) };
            }

            group = rest[0];
            version = rest[1];
            rest = rest.Skip(2).ToList();
        }

        var isWatchPath = false;
        if (rest.Count > 0 && rest[0] == "watch")
        {
            // Deprecated /watch/ paths.
            isWatchPath = true;
            rest = rest.Skip(1).ToList();
        }

        var ns = "";
        if (rest.Count > 0 && rest[0] == "namespaces")
        {
            if (rest.Count > 1)
            {
                ns = rest[1];
                if (rest.Count > 2 && !NamespaceSubresources.Contains(rest[2]))
                {
                    rest = rest.Skip(2).ToList();
                }
            }
        }

        var resource = rest.Count > 0 ? rest[0] : "";
        var name = rest.Count > 1 ? rest[1] : "";
        var subresource = rest.Count > 2 ? rest[2] : "";
        if (resource == "namespaces" && ns.Length > 0 && name.Length == 0)
        {
            name = ns;
        }

        if (resource == "namespaces")
        {
            // The namespace of a namespace is itself only in the URL; the object is cluster-scoped.
            ns = "";
        }

        var verb = Lower(method) switch
        {
            "get" or "head" when isWatchPath || watchQuery => "watch",
            "get" or "head" => name.Length > 0 ? "get" : "list",
            "post" => "create",
            "put" => "update",
            "patch" => "patch",
            "delete" => name.Length > 0 ? "delete" : "deletecollection",
            var other => other,
        };

        return new RequestInfo
        {
            IsResourceRequest = resource.Length > 0,
            Verb = verb,
            Prefix = prefix,
            Group = group,
            Version = version,
            Namespace = ns,
            Resource = resource,
            Name = name,
            Subresource = subresource,
            Parts = parts.Skip(1).ToList(),
        };
    }

    private static string Lower(string method) => method.ToLowerInvariant();
}
