namespace Bosun.ApiServer.Http;

/// <summary>What a Table row carries besides its cells (the includeObject parameter).</summary>
public enum RowObject
{
    /// <summary>PartialObjectMetadata (the default).</summary>
    Metadata,

    /// <summary>The whole object (kubectl --sort-by, -o custom-columns).</summary>
    FullObject,

    /// <summary>Nothing.</summary>
    None,
}
