using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Bosun.Api.Objects;
using Bosun.Api.Printing;
using Bosun.Storage.Cache;

namespace Bosun.ApiServer.Http;

/// <summary>
/// What a Table row needs from one object version, computed once: its cells (time cells left unrendered)
/// and the JSON of its metadata with the resourceVersion set. Objects in the watch cache are immutable and
/// shared by every request, so the row computed for one <c>kubectl get</c> serves every later one (and
/// every watch) until the object changes; an entry lives exactly as long as its cached object. Parsing the
/// stored object costs several times more than copying it into a JSON list, so without this a Table could
/// never come close to the list's speed.
/// </summary>
internal sealed class PrintedRow
{
    private static readonly ConditionalWeakTable<object, PrintedRow> Rows = new();

    private PrintedRow(IReadOnlyList<object?> cells, IReadOnlyList<TableRowCondition> conditions, byte[] metadata)
    {
        Cells = cells;
        Conditions = conditions;
        Metadata = metadata;
    }

    /// <summary>The row's cells; render <see cref="TimeCell"/>s at write time.</summary>
    public IReadOnlyList<object?> Cells { get; }

    /// <summary>The row's conditions (Completed for finished pods).</summary>
    public IReadOnlyList<TableRowCondition> Conditions { get; }

    /// <summary>The <c>metadata</c> object's JSON, resourceVersion included.</summary>
    public byte[] Metadata { get; }

    /// <summary>The row of a cached object version (computed on first use).</summary>
    public static PrintedRow Of<T>(CachedObject<T> item, TableConvertor convertor) =>
        Rows.GetValue(item, _ => Compute(item.Value, item.Revision, convertor));

    /// <summary>Computes a row without remembering it.</summary>
    public static PrintedRow Compute(ReadOnlyMemory<byte> stored, long revision, TableConvertor convertor)
    {
        using var document = JsonDocument.Parse(stored);
        var root = document.RootElement;
        return new PrintedRow(convertor.Cells(root), convertor.Conditions(root), MetadataWithResourceVersion(root, revision));
    }

    /// <summary>
    /// The stored metadata's bytes with the resourceVersion put first; stored objects never carry one
    /// (<see cref="ObjectJson.ToStored"/>), so the bytes are copied, not re-serialized.
    /// </summary>
    private static byte[] MetadataWithResourceVersion(JsonElement obj, long revision)
    {
        var metadata = obj.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            ? JsonMarshal.GetRawUtf8Value(m)
            : "{}"u8;
        var output = new ArrayBufferWriter<byte>(metadata.Length + 32);
        output.Write("{\"resourceVersion\":\""u8);
        Span<byte> number = stackalloc byte[20];
        revision.TryFormat(number, out var digits, default, CultureInfo.InvariantCulture);
        output.Write(number[..digits]);
        output.Write(metadata.Length > 2 ? "\","u8 : "\""u8);
        output.Write(metadata[1..]);
        return output.WrittenSpan.ToArray();
    }
}
