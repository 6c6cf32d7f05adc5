using System.Text.Json.Nodes;
using Bosun.Storage;

namespace Bosun.ApiServer.Certificates;

/// <summary>
/// Keeps the cluster's shared bootstrap material (CA, admin credential and token) in the datastore,
/// encrypted with the cluster token, as k3s does: the first server stores its own; every further server
/// on the same datastore decrypts it with <c>--token</c> and uses the same CA and credentials, so one
/// kubeconfig works against all of them. Each server still issues its own serving certificate (its own
/// addresses) from the shared CA.
/// </summary>
public static class ClusterBootstrap
{
    /// <summary>The store key of the encrypted bootstrap record (outside /registry: no resource serves it).</summary>
    public const string Key = "/bootstrap/cluster";

    /// <summary>The token file: written on first start, read on restarts.</summary>
    public static string TokenPath(string dataDir) => Path.Combine(dataDir, "token");

    /// <summary>
    /// Joins or founds the cluster in <paramref name="store"/>, then loads the certificates. Throws
    /// <see cref="BootstrapException"/> when the datastore holds a cluster this token does not open, or the
    /// token names another cluster; nothing in the datastore is overwritten then.
    /// </summary>
    public static async Task<(ClusterCertificates Certificates, string Token)> ReconcileAsync(
        IStore store, string dataDir, string? token, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var tokenPath = TokenPath(dataDir);
        var requested = token is { Length: > 0 } ? ParseToken(token, "--token")
            : File.Exists(tokenPath) ? ParseToken(File.ReadAllText(tokenPath), tokenPath)
            : null;
        var directory = ClusterCertificates.DirectoryOf(dataDir);
        while (true)
        {
            var existing = await store.GetAsync(Key, 0, cancellationToken);
            if (existing is not null)
            {
                if (requested is null)
                {
                    throw new BootstrapException(
                        "the datastore already holds a cluster: pass its token with --token (the first server wrote it to <data-dir>/token)");
                }

                var shared = BootstrapCipher.Decrypt(requested.Secret, existing.Value.Span)
                    ?? throw new BootstrapException(
                        "bootstrap data already found in the datastore and encrypted with a different token: pass the cluster's --token");
                var files = SharedFiles.Parse(shared);
                CheckCaHash(requested, files.AuthorityHash());
                files.WriteTo(directory);
                break;
            }

            // A token naming this server's own CA on an empty datastore is a reset datastore (or a first
            // write whose answer was lost): found the cluster again with the local identity.
            if (requested?.CaHash is { } hash && hash != LocalAuthorityHash(directory))
            {
                throw new BootstrapException(
                    $"the token names a cluster (CA sha256 {hash}) but the datastore holds none: is --datastore-endpoint the cluster's?");
            }

            requested ??= ClusterToken.Generate();
            using (var local = ClusterCertificates.LoadOrCreate(dataDir, names))
            {
                // Written before the record: should the write's answer be lost, the retry still knows the secret.
                ClusterCertificates.WriteSecret(tokenPath, requested.Format(local.Authority));
            }

            try
            {
                await store.CreateAsync(Key, BootstrapCipher.Encrypt(requested.Secret, SharedFiles.ReadFrom(directory).ToBytes()), cancellationToken);
                break;
            }
            catch (KeyExistsException)
            {
                // Another server founded the cluster at the same moment: join it instead.
            }
        }

        var certificates = ClusterCertificates.LoadOrCreate(dataDir, names);
        var full = requested.Format(certificates.Authority);
        ClusterCertificates.WriteSecret(tokenPath, full);
        return (certificates, full);
    }

    /// <summary>
    /// The identity a server kept on disk from an earlier start (its certificates and token), for serving
    /// while the datastore cannot be reached; null when it has never started.
    /// </summary>
    public static (ClusterCertificates Certificates, string Token)? LoadLocal(string dataDir, IEnumerable<string> names)
    {
        var directory = ClusterCertificates.DirectoryOf(dataDir);
        var tokenPath = TokenPath(dataDir);
        if (!File.Exists(tokenPath) || !File.Exists(Path.Combine(directory, "ca.crt")) || !File.Exists(Path.Combine(directory, "ca.key")))
        {
            return null;
        }

        return (ClusterCertificates.LoadOrCreate(dataDir, names), File.ReadAllText(tokenPath).Trim());
    }

    private static string? LocalAuthorityHash(string directory)
    {
        var path = Path.Combine(directory, "ca.crt");
        if (!File.Exists(path))
        {
            return null;
        }

        return ClusterToken.HashOfPem(File.ReadAllText(path));
    }

    private static ClusterToken ParseToken(string text, string source)
    {
        try
        {
            return ClusterToken.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new BootstrapException($"{source}: {e.Message}", e);
        }
    }

    private static void CheckCaHash(ClusterToken token, string actual)
    {
        if (token.CaHash is { } expected && expected != actual)
        {
            throw new BootstrapException(
                $"the token's CA hash ({expected}) does not match the cluster CA in the datastore ({actual}): is this the right cluster?");
        }
    }

    /// <summary>The files every server of a cluster shares, by name, as text.</summary>
    private sealed class SharedFiles(Dictionary<string, string> files)
    {
        private static readonly string[] Names = ["ca.crt", "ca.key", "admin.crt", "admin.key", "admin.token"];

        // A serving certificate issued by another CA must be reissued.
        private static readonly string[] Issued = ["serving.crt", "serving.key", "serving.names"];

        public static SharedFiles ReadFrom(string directory) =>
            new(Names.ToDictionary(n => n, n => File.ReadAllText(Path.Combine(directory, n)), StringComparer.Ordinal));

        public static SharedFiles Parse(byte[] json)
        {
            var node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("bootstrap data is not a JSON object");
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in Names)
            {
                files[name] = (string?)node[name] ?? throw new InvalidDataException($"bootstrap data lacks {name}");
            }

            return new SharedFiles(files);
        }

        public byte[] ToBytes()
        {
            var node = new JsonObject();
            foreach (var (name, text) in files)
            {
                node[name] = text;
            }

            return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
        }

        public string AuthorityHash() => ClusterToken.HashOfPem(files["ca.crt"]);

        public void WriteTo(string directory)
        {
            Directory.CreateDirectory(directory);
            var caPath = Path.Combine(directory, "ca.crt");
            if (!File.Exists(caPath) || File.ReadAllText(caPath) != files["ca.crt"])
            {
                foreach (var name in Issued)
                {
                    File.Delete(Path.Combine(directory, name));
                }
            }

            foreach (var (name, text) in files)
            {
                ClusterCertificates.WriteSecret(Path.Combine(directory, name), text.TrimEnd('\n'));
            }
        }
    }
}
