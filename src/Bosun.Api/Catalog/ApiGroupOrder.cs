using System.Globalization;

namespace Bosun.Api.Catalog;

/// <summary>
/// The order in which Kubernetes lists API groups and versions in discovery. Clients use the first
/// group that serves a resource name and the first (preferred) version of a group, so the order is
/// part of the API: <c>kubectl get events</c> must pick core v1 before events.k8s.io, and
/// <c>kubectl get hpa</c> must pick autoscaling/v2.
/// </summary>
public static class ApiGroupOrder
{
    /// <summary>
    /// Built-in groups in the order a Kubernetes 1.33 API server lists them at <c>/apis</c> (after the
    /// core group, which <c>/api</c> serves). Groups Bosun does not serve are kept so that adding one
    /// later does not reorder the others.
    /// </summary>
    public static readonly IReadOnlyList<string> KnownGroups =
    [
        "",
        "apiregistration.k8s.io",
        "apps",
        "events.k8s.io",
        "authentication.k8s.io",
        "authorization.k8s.io",
        "autoscaling",
        "batch",
        "certificates.k8s.io",
        "networking.k8s.io",
        "policy",
        "rbac.authorization.k8s.io",
        "storage.k8s.io",
        "admissionregistration.k8s.io",
        "apiextensions.k8s.io",
        "scheduling.k8s.io",
        "coordination.k8s.io",
        "node.k8s.io",
        "discovery.k8s.io",
        "flowcontrol.apiserver.k8s.io",
        "internal.apiserver.k8s.io",
        "resource.k8s.io",
        "storagemigration.k8s.io",
    ];

    /// <summary>
    /// Groups a Kubernetes cluster serves through aggregated API servers with a low group priority (metrics-server's
    /// APIService has groupPriorityMinimum 100, custom resources 1000), so they come after every other group.
    /// </summary>
    public static readonly IReadOnlyList<string> TrailingGroups = ["metrics.k8s.io"];

    /// <summary>
    /// Compares two groups: the core group first, then the built-in groups in Kubernetes order, then
    /// any other group (custom resources) by name.
    /// </summary>
    public static int CompareGroups(string? x, string? y)
    {
        x ??= string.Empty;
        y ??= string.Empty;
        var ix = IndexOfKnown(x);
        var iy = IndexOfKnown(y);
        if (ix != iy)
        {
            return ix.CompareTo(iy);
        }

        return string.CompareOrdinal(x, y);
    }

    /// <summary>
    /// Compares two versions by Kubernetes version priority (higher priority sorts first): GA before
    /// beta before alpha, higher numbers first within each, and versions that do not look like
    /// Kubernetes versions (<c>v1</c>, <c>v2beta1</c>) last, by name.
    /// </summary>
    public static int CompareVersions(string? x, string? y)
    {
        x ??= string.Empty;
        y ??= string.Empty;
        var px = ParseVersion(x);
        var py = ParseVersion(y);
        if (px is null && py is null)
        {
            return string.CompareOrdinal(x, y);
        }

        if (px is null)
        {
            return 1;
        }

        if (py is null)
        {
            return -1;
        }

        var (majorX, stabilityX, minorX) = px.Value;
        var (majorY, stabilityY, minorY) = py.Value;
        if (stabilityX != stabilityY)
        {
            return stabilityY.CompareTo(stabilityX);
        }

        if (majorX != majorY)
        {
            return majorY.CompareTo(majorX);
        }

        return minorY.CompareTo(minorX);
    }

    private static int IndexOfKnown(string group)
    {
        for (var i = 0; i < TrailingGroups.Count; i++)
        {
            if (TrailingGroups[i] == group)
            {
                return KnownGroups.Count + 1 + i;
            }
        }

        for (var i = 0; i < KnownGroups.Count; i++)
        {
            if (KnownGroups[i] == group)
            {
                return i;
            }
        }

        return KnownGroups.Count;
    }

    // Stability: 2 = GA, 1 = beta, 0 = alpha.
    private static (int Major, int Stability, int Minor)? ParseVersion(string version)
    {
        if (version.Length < 2 || version[0] != 'v' || !char.IsAsciiDigit(version[1]))
        {
            return null;
        }

        var i = 1;
        while (i < version.Length && char.IsAsciiDigit(version[i]))
        {
            i++;
        }

        if (!int.TryParse(version.AsSpan(1, i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var major))
        {
            return null;
        }

        if (i == version.Length)
        {
            return (major, 2, 0);
        }

        var rest = version.AsSpan(i);
        int stability;
        if (rest.StartsWith("alpha", StringComparison.Ordinal))
        {
            stability = 0;
            rest = rest[5..];
        }
        else if (rest.StartsWith("beta", StringComparison.Ordinal))
        {
            stability = 1;
            rest = rest[4..];
        }
        else
        {
            return null;
        }

        if (rest.IsEmpty || !int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return null;
        }

        return (major, stability, minor);
    }
}
