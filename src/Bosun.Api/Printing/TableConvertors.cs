namespace Bosun.Api.Printing;

/// <summary>Finds the table convertor of a kind (per-kind columns plug in here).</summary>
public static class TableConvertors
{
    private static readonly Dictionary<(string Group, string Kind), TableConvertor> ByKind = new()
    {
        [("", "Event")] = EventTableConvertor.Instance,
    };

    public static TableConvertor For(string group, string kind) =>
        ByKind.GetValueOrDefault((group, kind), TableConvertor.Default);
}
