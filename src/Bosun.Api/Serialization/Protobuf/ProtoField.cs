namespace Bosun.Api.Serialization.Protobuf;

/// <summary>One field of a Kubernetes protobuf message, as declared in its generated.proto.</summary>
/// <param name="Number">The protobuf field number.</param>
/// <param name="JsonName">The Go json tag name.</param>
/// <param name="Kind">How the value becomes JSON.</param>
/// <param name="Message">The message type name for <see cref="ProtoFieldKind.Message"/> and <see cref="ProtoFieldKind.Inline"/>.</param>
/// <param name="Repeated">A Go slice: every occurrence appends to a JSON array.</param>
/// <param name="Pointer">
/// A Go pointer field: Go writes it only when set, so a zero value on the wire is meaningful and stays in the
/// JSON (replicas: 0). Value fields are always written by Go, so their zero values are dropped, as
/// <c>omitempty</c> would.
/// </param>
internal sealed record ProtoField(
    int Number,
    string JsonName,
    ProtoFieldKind Kind,
    string? Message = null,
    bool Repeated = false,
    bool Pointer = false);
