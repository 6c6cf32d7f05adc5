using System.Text.Json;
using Bosun.Api.Printing;

namespace Bosun.Api.Tests.Printing;

/// <summary>Runs a convertor over a JSON object (CREATED stands for <see cref="Created"/>) at a fixed "now".</summary>
internal static class Rows
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Created ten minutes before <see cref="Now"/>.</summary>
    public const string Created = "2026-01-01T11:50:00Z";

    public static object?[] Of(TableConvertor convertor, string json)
    {
        using var document = JsonDocument.Parse(json.Replace("CREATED", Created, StringComparison.Ordinal));
        var cells = convertor.Cells(document.RootElement, Now).ToArray();
        Assert.Equal(convertor.Columns.Count, cells.Length);
        return cells;
    }

    public static string[] Headers(TableConvertor convertor) =>
        [.. convertor.Columns.Select(c => c.Priority == 0 ? c.Name.ToUpperInvariant() : c.Name.ToUpperInvariant() + "*")];
}
