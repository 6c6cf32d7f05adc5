namespace Bosun.Storage.Tests;

/// <summary>Compares events by content (records compare ReadOnlyMemory by reference, not bytes).</summary>
internal sealed class StoreEventComparer : IEqualityComparer<StoreEvent>
{
    public static readonly StoreEventComparer Instance = new();

    public bool Equals(StoreEvent? x, StoreEvent? y) =>
        x is not null && y is not null &&
        x.Type == y.Type && x.Key == y.Key && x.Revision == y.Revision && x.CreateRevision == y.CreateRevision &&
        x.PreviousRevision == y.PreviousRevision &&
        x.Value.Span.SequenceEqual(y.Value.Span) && x.PreviousValue.Span.SequenceEqual(y.PreviousValue.Span);

    public int GetHashCode(StoreEvent obj) => HashCode.Combine(obj.Key, obj.Revision);
}
