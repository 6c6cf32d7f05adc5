using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.ApiServer.Certificates;

/// <summary>
/// Encrypts the cluster's bootstrap material with the token secret: a key from PBKDF2-SHA256 over the
/// secret and a random salt, AES-256-GCM for confidentiality and integrity. The envelope is JSON so a
/// human looking at the datastore sees what it is without seeing what it holds.
/// </summary>
internal static class BootstrapCipher
{
    private const int Iterations = 100_000;
    private const int KeyBytes = 32;

    /// <summary>Encrypts <paramref name="plaintext"/> with <paramref name="secret"/>.</summary>
    public static byte[] Encrypt(string secret, byte[] plaintext)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(Key(secret, salt), tag.Length))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        var envelope = new JsonObject
        {
            ["kind"] = "BosunBootstrap",
            ["cipher"] = "AES-256-GCM/PBKDF2-SHA256",
            ["iterations"] = Iterations,
            ["salt"] = Convert.ToBase64String(salt),
            ["nonce"] = Convert.ToBase64String(nonce),
            ["tag"] = Convert.ToBase64String(tag),
            ["data"] = Convert.ToBase64String(ciphertext),
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    /// <summary>Decrypts an envelope; null when <paramref name="secret"/> is not the one it was sealed with.</summary>
    public static byte[]? Decrypt(string secret, ReadOnlySpan<byte> envelopeBytes)
    {
        JsonNode? envelope;
        try
        {
            envelope = JsonNode.Parse(envelopeBytes);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("the datastore's bootstrap record is not a bootstrap envelope", e);
        }

        var iterations = (int?)envelope?["iterations"] ?? throw new InvalidDataException("the datastore's bootstrap record has no iterations");
        var salt = Bytes(envelope, "salt");
        var nonce = Bytes(envelope, "nonce");
        var tag = Bytes(envelope, "tag");
        var ciphertext = Bytes(envelope, "data");
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, KeyBytes), tag.Length);
            aes.Decrypt(nonce, ciphertext, tag, plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] Key(string secret, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(secret, salt, Iterations, HashAlgorithmName.SHA256, KeyBytes);

    private static byte[] Bytes(JsonNode? envelope, string name) =>
        Convert.FromBase64String((string?)envelope?[name] ?? throw new InvalidDataException($"the datastore's bootstrap record has no {name}"));
}
