using System.Text;
using Google.Protobuf;

namespace Bosun.Storage.Etcd;

/// <summary>
/// Translates between the store's keys and revisions and etcd's. Keys get the configured prefix in front.
/// Revisions are shifted by one: a new etcd cluster starts at revision 1 with no key written at it (the first
/// write is revision 2), while the store's contract starts empty at 0 with the first write at 1, so store
/// revision r is etcd revision r + 1 and no revision of either side is left without a counterpart.
/// </summary>
internal sealed class EtcdKeys
{
    private readonly string _prefix;

    public EtcdKeys(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        _prefix = prefix.TrimEnd('/');
        Probe = ByteString.CopyFromUtf8(_prefix + "\0compaction-probe");
    }

    /// <summary>A key no store key can equal (store keys start with '/'), for reads that want no data.</summary>
    public ByteString Probe { get; }

    public static long ToEtcd(long revision) => revision <= 0 ? 0 : revision + 1;

    public static long ToStore(long etcdRevision) => etcdRevision <= 1 ? 0 : etcdRevision - 1;

    public ByteString Key(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key[0] != '/')
            throw new ArgumentException($"store keys start with '/': '{key}'", nameof(key));
        return ByteString.CopyFromUtf8(_prefix + key);
    }

    public string FromEtcd(ByteString key)
    {
        var full = key.ToStringUtf8();
        return full[_prefix.Length..];
    }

    /// <summary>The etcd range [start, end) of every key under a store prefix ("" is every key).</summary>
    public (ByteString Start, ByteString End) Range(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var start = Encoding.UTF8.GetBytes(_prefix + (prefix.Length == 0 ? "/" : prefix));
        return (ByteString.CopyFrom(start), ByteString.CopyFrom(PrefixEnd(start)));
    }

    public KeyValue ToKeyValue(Protos.KeyValue kv) =>
        new(FromEtcd(kv.Key), kv.Value.Memory, ToStore(kv.CreateRevision), ToStore(kv.ModRevision));

    /// <summary>etcd's "key plus one": the first key after every key that starts with <paramref name="prefix"/>.</summary>
    private static byte[] PrefixEnd(byte[] prefix)
    {
        var end = (byte[])prefix.Clone();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }

        // All 0xff: no upper bound, which etcd spells "\0".
        return [0];
    }
}
