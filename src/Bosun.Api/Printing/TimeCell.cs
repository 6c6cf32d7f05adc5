namespace Bosun.Api.Printing;

/// <summary>
/// A cell whose text depends on when the table is written (an age, "5m (x3 over 10m)"). Convertors
/// return these instead of reading a clock, so a row can be computed once per object version and
/// reused by every later table; the writer renders them with its own "now".
/// </summary>
public sealed class TimeCell(Func<DateTimeOffset, string> render)
{
    /// <summary>The time elapsed since <paramref name="since"/>, as kubectl shows ages.</summary>
    public static TimeCell Age(DateTimeOffset since) => new(now => HumanDuration.Format(now - since));

    /// <summary>The age of an RFC 3339 timestamp, or "&lt;unknown&gt;" (as text) when it does not parse.</summary>
    public static object Age(string? timestamp) =>
        HumanDuration.Parse(timestamp) is { } since ? Age(since) : "<unknown>";

    /// <summary>The cell's text at <paramref name="now"/>.</summary>
    public string Render(DateTimeOffset now) => render(now);

    /// <summary>A cell's text at <paramref name="now"/>, whether or not it is a time cell.</summary>
    public static string? TextAt(object? cell, DateTimeOffset now) => cell is TimeCell time ? time.Render(now) : cell?.ToString();

    /// <summary>Renders the time cells of a row at <paramref name="now"/>; other cells are kept.</summary>
    public static IReadOnlyList<object?> RenderAll(IReadOnlyList<object?> cells, DateTimeOffset now)
    {
        var rendered = new object?[cells.Count];
        for (var i = 0; i < rendered.Length; i++)
        {
            rendered[i] = cells[i] is TimeCell time ? time.Render(now) : cells[i];
        }

        return rendered;
    }
}
