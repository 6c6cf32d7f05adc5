using System.Text.Json;
using Bosun.Api.Catalog;
using Bosun.Api.Printing;
using Bosun.Storage.Cache;

namespace Bosun.ApiServer.Http;

/// <summary>Writes meta.k8s.io Tables (server-side printing) for kubectl get.</summary>
internal static class TableWriter
{
    /// <summary>
    /// Writes a whole Table for a list (or a single object), rows in the given order. A row whose revision
    /// is the cached object's own reuses that version's <see cref="PrintedRow"/>.
    /// </summary>
    public static void Write<T>(
        Utf8JsonWriter writer,
        ResourceDefinition resource,
        IEnumerable<(CachedObject<T> Item, long Revision)> rows,
        long listRevision,
        string? continueToken,
        long? remaining,
        bool includeColumns,
        RowObject rowObject,
        string metaVersion,
        DateTimeOffset now)
    {
        var convertor = TableConvertors.For(resource.StorageGroup, resource.Kind);
        writer.WriteStartObject();
        writer.WriteString("kind", "Table");
        writer.WriteString("apiVersion", $"meta.k8s.io/{metaVersion}");
        MetaWriter.WriteListMetadata(writer, listRevision, continueToken, remaining);
        writer.WriteStartArray("columnDefinitions");
        if (includeColumns)
        {
            foreach (var column in convertor.Columns)
            {
                writer.WriteStartObject();
                writer.WriteString("name", column.Name);
                writer.WriteString("type", column.Type);
                writer.WriteString("format", column.Format);
                writer.WriteString("description", column.Description);
                writer.WriteNumber("priority", column.Priority);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("rows");
        foreach (var (item, revision) in rows)
        {
            var row = revision == item.Revision
                ? PrintedRow.Of(item, convertor)
                : PrintedRow.Compute(item.Value, revision, convertor);
            writer.WriteStartObject();
            writer.WriteStartArray("cells");
            foreach (var cell in row.Cells)
            {
                WriteCell(writer, cell, now);
            }

            writer.WriteEndArray();
            if (row.Conditions.Count > 0)
            {
                writer.WriteStartArray("conditions");
                foreach (var condition in row.Conditions)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", condition.Type);
                    writer.WriteString("status", condition.Status);
                    writer.WriteString("reason", condition.Reason);
                    writer.WriteString("message", condition.Message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            switch (rowObject)
            {
                case RowObject.FullObject:
                    writer.WritePropertyName("object");
                    MetaWriter.WriteObject(writer, resource.ToServed(item.Value).Span, revision);
                    break;
                case RowObject.Metadata:
                    writer.WriteStartObject("object");
                    writer.WriteString("kind", "PartialObjectMetadata");
                    writer.WriteString("apiVersion", $"meta.k8s.io/{metaVersion}");
                    writer.WritePropertyName("metadata");
                    writer.WriteRawValue(row.Metadata, skipInputValidation: true);
                    writer.WriteEndObject();
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCell(Utf8JsonWriter writer, object? cell, DateTimeOffset now)
    {
        switch (cell)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case TimeCell time:
                writer.WriteStringValue(time.Render(now));
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            default:
                writer.WriteStringValue(cell.ToString());
                break;
        }
    }
}
