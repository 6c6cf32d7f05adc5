namespace Bosun.Node.Server;

/// <summary>The agent's TLS material (PEM): its serving certificate and key, and the cluster CA that issued them.</summary>
public sealed record AgentCredentials(string ServingCertificatePem, string ServingKeyPem, string AuthorityPem);
