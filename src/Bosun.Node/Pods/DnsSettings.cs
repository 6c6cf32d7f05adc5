using Bosun.Node.Cri;
using k8s.Models;

namespace Bosun.Node.Pods;

/// <summary>
/// The resolv.conf a pod gets, per dnsPolicy as the kubelet decides it: ClusterFirst (cluster DNS, the
/// namespace's search path, ndots:5), Default (the node's own resolv.conf), None (only spec.dnsConfig), and
/// ClusterFirstWithHostNet; spec.dnsConfig is merged in for all but Default-less cases as upstream does.
/// </summary>
public sealed class DnsSettings
{
    public DnsSettings(IReadOnlyList<string> clusterDns, string clusterDomain, string hostResolvConf = "/etc/resolv.conf")
    {
        ClusterDns = clusterDns;
        ClusterDomain = clusterDomain;
        HostResolvConf = hostResolvConf;
    }

    public IReadOnlyList<string> ClusterDns { get; }

    public string ClusterDomain { get; }

    public string HostResolvConf { get; }

    public DNSConfig For(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var policy = pod.Spec.DnsPolicy ?? "ClusterFirst";
        var hostNetwork = pod.Spec.HostNetwork == true;
        if (policy == "ClusterFirst" && hostNetwork)
        {
            policy = "Default";
        }
        else if (policy == "ClusterFirstWithHostNet")
        {
            policy = "ClusterFirst";
        }

        if (policy == "ClusterFirst" && ClusterDns.Count == 0)
        {
            policy = "Default";
        }

        var config = new DNSConfig();
        switch (policy)
        {
            case "ClusterFirst":
                config.Servers.AddRange(ClusterDns);
                var ns = pod.Metadata.NamespaceProperty;
                config.Searches.AddRange([$"{ns}.svc.{ClusterDomain}", $"svc.{ClusterDomain}", ClusterDomain]);
                config.Options.Add("ndots:5");
                break;
            case "Default":
                ReadHost(config);
                break;
        }

        if (pod.Spec.DnsConfig is { } extra)
        {
            foreach (var server in extra.Nameservers ?? [])
            {
                if (!config.Servers.Contains(server))
                {
                    config.Servers.Add(server);
                }
            }

            foreach (var search in extra.Searches ?? [])
            {
                if (!config.Searches.Contains(search))
                {
                    config.Searches.Add(search);
                }
            }

            foreach (var option in extra.Options ?? [])
            {
                var text = option.Value is null ? option.Name : $"{option.Name}:{option.Value}";
                var existing = config.Options.FirstOrDefault(o => o.Split(':')[0] == option.Name);
                if (existing is not null)
                {
                    config.Options.Remove(existing);
                }

                config.Options.Add(text);
            }
        }

        return config;
    }

    private void ReadHost(DNSConfig config)
    {
        if (!File.Exists(HostResolvConf))
        {
            return;
        }

        foreach (var raw in File.ReadAllLines(HostResolvConf))
        {
            var fields = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || fields[0].StartsWith('#'))
            {
                continue;
            }

            switch (fields[0])
            {
                case "nameserver":
                    config.Servers.Add(fields[1]);
                    break;
                case "search":
                    config.Searches.Clear();
                    config.Searches.AddRange(fields.Skip(1));
                    break;
                case "options":
                    config.Options.AddRange(fields.Skip(1));
                    break;
            }
        }
    }
}
