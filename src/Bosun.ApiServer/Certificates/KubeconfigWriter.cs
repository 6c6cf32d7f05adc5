using System.Text;

namespace Bosun.ApiServer.Certificates;

/// <summary>Writes the admin kubeconfig that kubectl and the client libraries use unchanged.</summary>
public static class KubeconfigWriter
{
    /// <summary>Writes a kubeconfig for <paramref name="serverUrl"/> with the admin client certificate embedded.</summary>
    public static void Write(string path, string serverUrl, ClusterCertificates certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        static string B64(string file) => Convert.ToBase64String(File.ReadAllBytes(file));
        var yaml = new StringBuilder()
            .Append("apiVersion: v1\n")
            .Append("kind: Config\n")
            .Append("clusters:\n")
            .Append("- name: bosun\n")
            .Append("  cluster:\n")
            .Append("    server: ").Append(serverUrl).Append('\n')
            .Append("    certificate-authority-data: ").Append(B64(certificates.AuthorityPemPath)).Append('\n')
            .Append("contexts:\n")
            .Append("- name: bosun\n")
            .Append("  context:\n")
            .Append("    cluster: bosun\n")
            .Append("    user: bosun-admin\n")
            .Append("current-context: bosun\n")
            .Append("preferences: {}\n")
            .Append("users:\n")
            .Append("- name: bosun-admin\n")
            .Append("  user:\n")
            .Append("    client-certificate-data: ").Append(B64(certificates.AdminCertificatePemPath)).Append('\n')
            .Append("    client-key-data: ").Append(B64(certificates.AdminKeyPemPath)).Append('\n')
            .ToString();
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, yaml);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
