using System.Net;
using System.Text;
using Bosun.Node.Cri;
using Bosun.Node.Pods;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Node.Volumes;

/// <summary>
/// Sets up a pod's volumes under its directory and turns volumeMounts into CRI mounts: emptyDir (disk, or a
/// sized tmpfs for medium Memory), hostPath (with its type check), configMap, secret (on tmpfs), downwardAPI
/// and projected, all written atomically so a later sync updates them in place. Torn down with the pod.
/// </summary>
public sealed class VolumeManager
{
    private readonly IKubernetes _client;
    private readonly PodPaths _paths;

    public VolumeManager(IKubernetes client, PodPaths paths)
    {
        _client = client;
        _paths = paths;
    }

    /// <summary>Sets up (or refreshes) every volume; returns the host path of each by name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SetUpAsync(V1Pod pod, NodeAllocatable allocatable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var uid = pod.Metadata.Uid;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            try
            {
                result[volume.Name] = await SetUpOneAsync(pod, volume, uid, allocatable, cancellationToken).ConfigureAwait(false);
            }
            catch (VolumeException e)
            {
                throw new VolumeException($"MountVolume.SetUp failed for volume \"{volume.Name}\" : {e.Message}");
            }
        }

        return result;
    }

    private async Task<string> SetUpOneAsync(V1Pod pod, V1Volume volume, string uid, NodeAllocatable allocatable, CancellationToken cancellationToken)
    {
        if (volume.HostPath is { } hostPath)
        {
            CheckHostPath(hostPath);
            return hostPath.Path;
        }

        if (volume.EmptyDir is { } emptyDir)
        {
            var directory = Path.Combine(_paths.VolumesDirectory(uid), "kubernetes.io~empty-dir", volume.Name);
            if (emptyDir.Medium == "Memory")
            {
                HostMounts.MountTmpfs(directory, emptyDir.SizeLimit is { } limit ? (long)limit.ToDecimal() : null, "0777");
            }
            else
            {
                Directory.CreateDirectory(directory);
                File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("777", 8));
            }

            return directory;
        }

        string kind;
        IReadOnlyList<AtomicWriter.FileContent>? files;
        var onTmpfs = false;
        if (volume.ConfigMap is { } configMap)
        {
            kind = "kubernetes.io~configmap";
            files = await ConfigMapFilesAsync(pod, configMap.Name, configMap.Items, configMap.DefaultMode ?? 420, configMap.Optional == true, cancellationToken).ConfigureAwait(false);
        }
        else if (volume.Secret is { } secret)
        {
            kind = "kubernetes.io~secret";
            onTmpfs = true;
            files = await SecretFilesAsync(pod, secret.SecretName, secret.Items, secret.DefaultMode ?? 420, secret.Optional == true, cancellationToken).ConfigureAwait(false);
        }
        else if (volume.DownwardAPI is { } downward)
        {
            kind = "kubernetes.io~downward-api";
            files = DownwardFiles(pod, downward.Items, downward.DefaultMode ?? 420, allocatable);
        }
        else if (volume.Projected is { } projected)
        {
            kind = "kubernetes.io~projected";
            onTmpfs = true;
            var all = new List<AtomicWriter.FileContent>();
            var mode = projected.DefaultMode ?? 420;
            foreach (var source in projected.Sources ?? [])
            {
                if (source.ConfigMap is { } c)
                {
                    all.AddRange(await ConfigMapFilesAsync(pod, c.Name, c.Items, mode, c.Optional == true, cancellationToken).ConfigureAwait(false) ?? []);
                }
                else if (source.Secret is { } s)
                {
                    all.AddRange(await SecretFilesAsync(pod, s.Name, s.Items, mode, s.Optional == true, cancellationToken).ConfigureAwait(false) ?? []);
                }
                else if (source.DownwardAPI is { } d)
                {
                    all.AddRange(DownwardFiles(pod, d.Items, mode, allocatable));
                }
                else if (source.ServiceAccountToken is not null)
                {
                    throw new VolumeException("serviceAccountToken projection is not supported by this Bosun agent yet");
                }
            }

            files = all;
        }
        else
        {
            throw new VolumeException("unsupported volume type (supported: emptyDir, hostPath, configMap, secret, downwardAPI, projected)");
        }

        var target = Path.Combine(_paths.VolumesDirectory(uid), kind, volume.Name);
        if (onTmpfs)
        {
            HostMounts.MountTmpfs(target, null);
        }

        AtomicWriter.Write(target, files ?? []);
        return target;
    }

    /// <summary>CRI mounts for a container's volumeMounts (subPath resolved under the volume, created if missing).</summary>
    public static IReadOnlyList<Mount> Mounts(V1Container container, IReadOnlyDictionary<string, string> volumes)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(volumes);
        var mounts = new List<Mount>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(mount.Name, out var hostPath))
            {
                throw new ContainerConfigException($"cannot find volume \"{mount.Name}\" to mount into container \"{container.Name}\"");
            }

            if (!string.IsNullOrEmpty(mount.SubPath))
            {
                if (Path.IsPathRooted(mount.SubPath) || mount.SubPath.Split('/').Contains(".."))
                {
                    throw new ContainerConfigException($"subPath \"{mount.SubPath}\" must be a relative path without '..'");
                }

                var full = Path.Combine(hostPath, mount.SubPath);
                if (!File.Exists(full) && !Directory.Exists(full))
                {
                    Directory.CreateDirectory(full);
                }

                hostPath = full;
            }

            mounts.Add(new Mount
            {
                ContainerPath = mount.MountPath,
                HostPath = hostPath,
                Readonly = mount.ReadOnlyProperty == true,
                Propagation = mount.MountPropagation switch
                {
                    "HostToContainer" => MountPropagation.PropagationHostToContainer,
                    "Bidirectional" => MountPropagation.PropagationBidirectional,
                    _ => MountPropagation.PropagationPrivate,
                },
            });
        }

        return mounts;
    }

    /// <summary>Unmounts and removes everything under the pod's directory.</summary>
    public void TearDown(string uid)
    {
        var directory = _paths.PodDirectory(uid);
        HostMounts.UnmountBelow(directory);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void CheckHostPath(V1HostPathVolumeSource source)
    {
        var path = source.Path;
        switch (source.Type ?? "")
        {
            case "DirectoryOrCreate":
                Directory.CreateDirectory(path);
                break;
            case "FileOrCreate":
                if (!File.Exists(path))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllBytes(path, []);
                }

                break;
            case "Directory" when !Directory.Exists(path):
                throw new VolumeException($"hostPath type check failed: {path} is not a directory");
            case "File" when !File.Exists(path):
                throw new VolumeException($"hostPath type check failed: {path} is not a file");
            case "Socket" or "CharDevice" or "BlockDevice" when !File.Exists(path):
                throw new VolumeException($"hostPath type check failed: {path} does not exist");
        }
    }

    private async Task<IReadOnlyList<AtomicWriter.FileContent>?> ConfigMapFilesAsync(
        V1Pod pod, string name, IList<V1KeyToPath>? items, int mode, bool optional, CancellationToken cancellationToken)
    {
        V1ConfigMap configMap;
        try
        {
            configMap = await _client.CoreV1.ReadNamespacedConfigMapAsync(name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return optional ? [] : throw new VolumeException($"configmap \"{name}\" not found");
        }

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
        {
            data[key] = Encoding.UTF8.GetBytes(value);
        }

        foreach (var (key, value) in configMap.BinaryData ?? new Dictionary<string, byte[]>())
        {
            data[key] = value;
        }

        return Select(data, items, mode, optional, $"configmap \"{name}\"");
    }

    private async Task<IReadOnlyList<AtomicWriter.FileContent>?> SecretFilesAsync(
        V1Pod pod, string name, IList<V1KeyToPath>? items, int mode, bool optional, CancellationToken cancellationToken)
    {
        V1Secret secret;
        try
        {
            secret = await _client.CoreV1.ReadNamespacedSecretAsync(name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return optional ? [] : throw new VolumeException($"secret \"{name}\" not found");
        }

        var data = new Dictionary<string, byte[]>(secret.Data ?? new Dictionary<string, byte[]>(), StringComparer.Ordinal);
        return Select(data, items, mode, optional, $"secret \"{name}\"");
    }

    private static List<AtomicWriter.FileContent> Select(Dictionary<string, byte[]> data, IList<V1KeyToPath>? items, int mode, bool optional, string what)
    {
        if (items is not { Count: > 0 })
        {
            return data.Select(kv => new AtomicWriter.FileContent(kv.Key, kv.Value, mode)).ToList();
        }

        var files = new List<AtomicWriter.FileContent>();
        foreach (var item in items)
        {
            if (!data.TryGetValue(item.Key, out var value))
            {
                if (optional)
                {
                    continue;
                }

                throw new VolumeException($"configuration of {what} has no key \"{item.Key}\"");
            }

            files.Add(new AtomicWriter.FileContent(item.Path, value, item.Mode ?? mode));
        }

        return files;
    }

    private static List<AtomicWriter.FileContent> DownwardFiles(V1Pod pod, IList<V1DownwardAPIVolumeFile>? items, int mode, NodeAllocatable allocatable)
    {
        var files = new List<AtomicWriter.FileContent>();
        foreach (var item in items ?? [])
        {
            string value;
            if (item.FieldRef is { } field)
            {
                value = EnvironmentResolver.FieldValue(pod, field.FieldPath);
            }
            else if (item.ResourceFieldRef is { } resource)
            {
                var container = pod.Spec.Containers.FirstOrDefault(c => c.Name == resource.ContainerName) ?? pod.Spec.Containers[0];
                value = EnvironmentResolver.ResourceValue(container, resource, allocatable);
            }
            else
            {
                continue;
            }

            files.Add(new AtomicWriter.FileContent(item.Path, Encoding.UTF8.GetBytes(value), item.Mode ?? mode));
        }

        return files;
    }
}
