namespace Bosun.Storage;

/// <summary>One key as stored: its value and the revisions that created and last modified it.</summary>
/// <param name="Key">The full key, e.g. <c>/registry/pods/default/web</c>.</param>
/// <param name="Value">The stored bytes (a JSON object for the API server).</param>
/// <param name="CreateRevision">The revision at which the key was created.</param>
/// <param name="ModRevision">The revision of the last change; the API's resourceVersion.</param>
public sealed record KeyValue(string Key, ReadOnlyMemory<byte> Value, long CreateRevision, long ModRevision);
