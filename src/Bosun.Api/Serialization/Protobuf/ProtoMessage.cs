namespace Bosun.Api.Serialization.Protobuf;

/// <summary>The schema of one protobuf message: its fields by number.</summary>
internal sealed class ProtoMessage
{
    public ProtoMessage(string name, IEnumerable<ProtoField> fields)
    {
        Name = name;
        Fields = fields.ToDictionary(f => f.Number);
    }

    /// <summary>The Go type name, for error messages.</summary>
    public string Name { get; }

    /// <summary>The fields by protobuf number.</summary>
    public IReadOnlyDictionary<int, ProtoField> Fields { get; }
}
