using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bosun.ApiServer.Certificates;

/// <summary>
/// The cluster token (k3s's format): <c>K10&lt;sha256 of the CA certificate&gt;::server:&lt;secret&gt;</c>.
/// The secret encrypts the bootstrap material in the datastore; the CA hash lets a joining server check it
/// reached the cluster it meant to. A bare secret is accepted too, as k3s accepts short tokens.
/// </summary>
public sealed record ClusterToken(string Secret, string? CaHash)
{
    private const string Prefix = "K10";
    private const string Separator = "::server:";

    /// <summary>A new random token (its CA hash is added once the CA is known).</summary>
    public static ClusterToken Generate() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), null);

    /// <summary>Parses a full or bare token; throws <see cref="ArgumentException"/> for an empty or malformed one.</summary>
    public static ClusterToken Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.StartsWith(Prefix, StringComparison.Ordinal) && text.Contains(Separator, StringComparison.Ordinal))
        {
            var separator = text.IndexOf(Separator, StringComparison.Ordinal);
            var hash = text[Prefix.Length..separator];
            var secret = text[(separator + Separator.Length)..];
            if (hash.Length != 64 || !hash.All(Uri.IsHexDigit) || secret.Length == 0)
            {
                throw new ArgumentException("malformed token: expected K10<64 hex digits>::server:<secret>");
            }

            return new ClusterToken(secret, hash.ToLowerInvariant());
        }

        if (text.Length == 0 || text.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("malformed token: expected K10<ca hash>::server:<secret> or a bare secret without ':'");
        }

        return new ClusterToken(text, null);
    }

    /// <summary>The SHA-256 of the CA certificate (DER), lower-case hex.</summary>
    public static string HashOf(X509Certificate2 authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return Convert.ToHexStringLower(SHA256.HashData(authority.RawData));
    }

    /// <summary>The SHA-256 of a PEM CA certificate (see <see cref="HashOf(X509Certificate2)"/>).</summary>
    public static string HashOfPem(string pem)
    {
        using var authority = X509Certificate2.CreateFromPem(pem);
        return HashOf(authority);
    }

    /// <summary>The full token for the cluster whose CA is <paramref name="authority"/>.</summary>
    public string Format(X509Certificate2 authority) => $"{Prefix}{HashOf(authority)}{Separator}{Secret}";
}
