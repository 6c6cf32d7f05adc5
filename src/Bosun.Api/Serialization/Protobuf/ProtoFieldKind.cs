namespace Bosun.Api.Serialization.Protobuf;

/// <summary>How a protobuf field of a Kubernetes type becomes JSON.</summary>
internal enum ProtoFieldKind
{
    /// <summary>A string (wire type 2).</summary>
    String,

    /// <summary>Bytes, written as base64 like Go's <c>[]byte</c>.</summary>
    Bytes,

    /// <summary>A bool varint.</summary>
    Bool,

    /// <summary>An int32 varint (sign-extended on the wire).</summary>
    Int32,

    /// <summary>An int64 varint.</summary>
    Int64,

    /// <summary>A nested message that becomes a JSON object.</summary>
    Message,

    /// <summary>An embedded Go struct (<c>json:",inline"</c>): its fields merge into the parent object.</summary>
    Inline,

    /// <summary>metav1.Time {seconds=1, nanos=2}, an RFC 3339 string; the zero time (empty message) is null, or omitted for a pointer.</summary>
    Time,

    /// <summary>resource.Quantity {string=1}, the string.</summary>
    Quantity,

    /// <summary>intstr.IntOrString {type=1, intVal=2, strVal=3}, a number or a string.</summary>
    IntOrString,

    /// <summary>metav1.FieldsV1 {raw=1}: raw JSON bytes, parsed.</summary>
    RawJson,

    /// <summary>map&lt;string,string&gt; (repeated entries {key=1, value=2}).</summary>
    StringMap,

    /// <summary>map&lt;string,bytes&gt;, values as base64.</summary>
    BytesMap,

    /// <summary>map&lt;string,Quantity&gt; (a ResourceList).</summary>
    QuantityMap,
}
