namespace Bosun.Storage;

/// <summary>The answer to a <see cref="RangeRequest"/>.</summary>
/// <param name="Items">The keys read, in key order.</param>
/// <param name="Revision">The revision the read was served at (the store's revision for latest reads).</param>
/// <param name="More">True when the limit cut the result short.</param>
/// <param name="Count">Number of keys in the range from <see cref="RangeRequest.StartKey"/> on, ignoring the limit.</param>
public sealed record RangeResult(IReadOnlyList<KeyValue> Items, long Revision, bool More, long Count);
