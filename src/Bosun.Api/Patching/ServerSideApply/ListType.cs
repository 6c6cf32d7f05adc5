namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>How a list merges under server-side apply (structured-merge-diff's list types).</summary>
internal enum ListType
{
    /// <summary>Replaced whole and owned as one field.</summary>
    Atomic,

    /// <summary>Items are objects identified by a merge key; each item is owned on its own.</summary>
    Map,

    /// <summary>Items are distinct scalars; each item is owned on its own.</summary>
    Set,
}
