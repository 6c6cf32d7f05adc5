namespace Bosun.Storage;

/// <summary>A read of every key that starts with <see cref="Prefix"/>, in key order.</summary>
/// <param name="Prefix">Key prefix; usually ends with '/'.</param>
/// <param name="StartKey">First key to return (inclusive); null starts at the prefix.</param>
/// <param name="Limit">Maximum number of keys returned; 0 means no limit.</param>
/// <param name="Revision">Read the state as of this revision; 0 means the latest.</param>
public sealed record RangeRequest(string Prefix, string? StartKey = null, int Limit = 0, long Revision = 0);
