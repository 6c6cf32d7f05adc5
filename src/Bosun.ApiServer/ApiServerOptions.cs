using Bosun.Storage.Etcd;

namespace Bosun.ApiServer;

/// <summary>Settings of the API server (bound from the command line by the bosun binary).</summary>
public sealed class ApiServerOptions
{
    /// <summary>Folder for certificates, the kubeconfig and the SQLite database.</summary>
    public string DataDir { get; set; } = "";

    /// <summary>Address to listen on.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTPS port (6443 like kube-apiserver and k3s; 0 picks a free one).</summary>
    public int HttpsPort { get; set; } = 6443;

    /// <summary>Where to write the admin kubeconfig; empty for &lt;data-dir&gt;/kubeconfig.yaml.</summary>
    public string KubeconfigPath { get; set; } = "";

    /// <summary>Datastore endpoint; empty for sqlite://&lt;data-dir&gt;/state.db.</summary>
    public string DatastoreEndpoint { get; set; } = "";

    /// <summary>The datastore actually used: <see cref="DatastoreEndpoint"/> or the SQLite file in the data dir.</summary>
    public string EffectiveDatastoreEndpoint =>
        DatastoreEndpoint.Length > 0 ? DatastoreEndpoint : $"sqlite://{Path.Combine(DataDir, "state.db")}";

    /// <summary>Applies the etcd flags to the etcd store's options.</summary>
    public void ConfigureEtcd(EtcdStoreOptions etcd)
    {
        ArgumentNullException.ThrowIfNull(etcd);
        etcd.Prefix = EtcdPrefix;
        etcd.CaFile = NullIfEmpty(EtcdCaFile);
        etcd.CertFile = NullIfEmpty(EtcdCertFile);
        etcd.KeyFile = NullIfEmpty(EtcdKeyFile);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>Time between compactions of the datastore's history (<c>--etcd-compaction-interval</c>; 0 disables).</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>etcd key prefix every key is stored under (<c>--etcd-prefix</c>).</summary>
    public string EtcdPrefix { get; set; } = "/registry";

    /// <summary>PEM CA of the etcd members' certificates (<c>--etcd-cafile</c>); empty trusts the system's CAs.</summary>
    public string EtcdCaFile { get; set; } = "";

    /// <summary>PEM client certificate for etcd (<c>--etcd-certfile</c>).</summary>
    public string EtcdCertFile { get; set; } = "";

    /// <summary>PEM private key of <see cref="EtcdCertFile"/> (<c>--etcd-keyfile</c>).</summary>
    public string EtcdKeyFile { get; set; } = "";

    /// <summary>
    /// The cluster token (<c>--token</c>): decrypts the shared bootstrap material of an existing cluster in
    /// the datastore. Empty: read &lt;data-dir&gt;/token, or found a new cluster with a generated token.
    /// </summary>
    public string Token { get; set; } = "";

    /// <summary>Watches without timeoutSeconds last between this and twice this, as kube-apiserver's --min-request-timeout.</summary>
    public TimeSpan MinRequestTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often idle watches that allow bookmarks get one.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Events buffered per watcher before a slow watcher is ended.</summary>
    public int WatcherCapacity { get; set; } = 10_000;
}
