namespace Bosun.ApiServer.Certificates;

/// <summary>
/// What a node agent needs from the cluster CA, as PEM text: its serving certificate and key (for the kubelet
/// endpoint the API server calls), its client certificate and key (<c>system:node:&lt;name&gt;</c>, group
/// <c>system:nodes</c>) and the CA certificate (to check the API server, and its callers, against).
/// </summary>
public sealed record NodeCredentials(
    string ServingCertificatePem,
    string ServingKeyPem,
    string ClientCertificatePem,
    string ClientKeyPem,
    string AuthorityPem);
