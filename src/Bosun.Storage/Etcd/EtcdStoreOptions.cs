namespace Bosun.Storage.Etcd;

/// <summary>Settings of the etcd v3 store.</summary>
public sealed class EtcdStoreOptions
{
    /// <summary>
    /// Client URLs of the etcd members (<c>http://host:2379</c> or <c>https://host:2379</c>). Requests go to one
    /// member at a time and move to the next when it cannot be reached.
    /// </summary>
    public IList<Uri> Endpoints { get; } = [];

    /// <summary>
    /// Every key lives under this etcd key prefix; the store's keys (which start with '/') are appended to it,
    /// so several clusters can share one etcd. kube-apiserver's default is the same.
    /// </summary>
    public string Prefix { get; set; } = "/registry";

    /// <summary>PEM file of the CA that signed the members' certificates; null trusts the system's CAs.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate for etcd's <c>--client-cert-auth</c>; needs <see cref="KeyFile"/>.</summary>
    public string? CertFile { get; set; }

    /// <summary>PEM private key of <see cref="CertFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>How long opening a connection to one member may take before the next member is tried.</summary>
    public TimeSpan DialTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one store call may take, retries on other members included, before it fails with
    /// <see cref="StoreUnavailableException"/>. A watch that cannot be re-established for this long ends the same way.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one member may take to answer one call before the call (a read) or the next call (after a
    /// write, whose outcome is then unknown) goes to another member: a member that hangs with its connections
    /// open is left after this, not after <see cref="RequestTimeout"/>.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The members' <c>--max-request-bytes</c> (etcd's default is 1.5 MiB). Larger writes fail with
    /// <see cref="ValueTooLargeException"/> before they are sent.
    /// </summary>
    public int MaxRequestBytes { get; set; } = 1536 * 1024;
}
