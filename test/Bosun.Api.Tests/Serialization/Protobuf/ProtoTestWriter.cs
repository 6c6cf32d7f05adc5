using System.Text;

namespace Bosun.Api.Tests.Serialization.Protobuf;

/// <summary>A tiny protobuf encoder for building request bodies by hand.</summary>
internal sealed class ProtoTestWriter
{
    private readonly List<byte> _bytes = [];

    public ProtoTestWriter Varint(int number, long value)
    {
        WriteVarint((ulong)(number << 3));
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    public ProtoTestWriter Bytes(int number, byte[] value)
    {
        WriteVarint((ulong)((number << 3) | 2));
        WriteVarint((ulong)value.Length);
        _bytes.AddRange(value);
        return this;
    }

    public ProtoTestWriter String(int number, string value) => Bytes(number, Encoding.UTF8.GetBytes(value));

    public ProtoTestWriter Message(int number, Action<ProtoTestWriter> build)
    {
        var inner = new ProtoTestWriter();
        build(inner);
        return Bytes(number, inner.ToArray());
    }

    public ProtoTestWriter MapEntry(int number, string key, string value) =>
        Message(number, e => e.String(1, key).String(2, value));

    public byte[] ToArray() => [.. _bytes];

    /// <summary>Wraps a raw object in the k8s\0 + runtime.Unknown envelope.</summary>
    public static byte[] Envelope(string apiVersion, string kind, Action<ProtoTestWriter> build)
    {
        var raw = new ProtoTestWriter();
        build(raw);
        var unknown = new ProtoTestWriter()
            .Message(1, t => t.String(1, apiVersion).String(2, kind))
            .Bytes(2, raw.ToArray())
            .String(3, "")
            .String(4, "");
        return [.. "k8s\0"u8.ToArray(), .. unknown.ToArray()];
    }

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
    }
}
