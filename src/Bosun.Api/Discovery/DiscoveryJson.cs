using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bosun.Api.Catalog;

namespace Bosun.Api.Discovery;

/// <summary>Shared helpers for writing discovery JSON exactly once.</summary>
internal static class DiscoveryJson
{
    // Go's encoder writes '+' and '/' (storage hashes are base64) unescaped; the default .NET
    // encoder would escape '+'. Nothing HTML-sensitive appears in discovery documents.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Writes one JSON document and appends the newline a Kubernetes server ends bodies with.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Verbs in the order Kubernetes lists them (sorted).</summary>
    public static IEnumerable<string> SortedVerbs(IReadOnlyList<string> verbs) => verbs.Order(StringComparer.Ordinal);

    /// <summary>Resources of a group/version sorted by plural, as Kubernetes lists them.</summary>
    public static IEnumerable<ResourceDefinition> SortedResources(ResourceCatalog catalog, string group, string version) =>
        catalog.InGroupVersion(group, version).OrderBy(r => r.Plural, StringComparer.Ordinal);

    public static string GroupVersion(string group, string version) => group.Length == 0 ? version : $"{group}/{version}";
}
