namespace Bosun.Api.Printing;

/// <summary>Column definitions many kinds share, with Kubernetes' descriptions.</summary>
public static class CommonColumns
{
    /// <summary>ObjectMeta.name's description.</summary>
    public const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    /// <summary>ObjectMeta.creationTimestamp's description.</summary>
    public const string CreationTimestampDescription = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    /// <summary>NAME (format "name").</summary>
    public static TableColumn Name { get; } = new("Name", "string", "name", NameDescription);

    /// <summary>AGE, as the built-in printers declare it (a string cell).</summary>
    public static TableColumn Age { get; } = new("Age", "string", "", CreationTimestampDescription);

    /// <summary>A column of type string.</summary>
    public static TableColumn Text(string name, string description, int priority = 0) => new(name, "string", "", description, priority);

    /// <summary>A column of type integer.</summary>
    public static TableColumn Numeric(string name, string description, int priority = 0) => new(name, "integer", "", description, priority);

    /// <summary>A column of type boolean.</summary>
    public static TableColumn Boolean(string name, string description, int priority = 0) => new(name, "boolean", "", description, priority);

    /// <summary>CONTAINERS (wide).</summary>
    public static TableColumn Containers { get; } = Text("Containers", "Names of each container in the template.", 1);

    /// <summary>IMAGES (wide).</summary>
    public static TableColumn Images { get; } = Text("Images", "Images referenced by each container in the template.", 1);

    /// <summary>SELECTOR (wide).</summary>
    public static TableColumn Selector(string description) => Text("Selector", description, 1);
}
