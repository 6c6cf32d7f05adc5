using System.Text.Json;

namespace Bosun.Api.Printing;

/// <summary>
/// Turns objects of one kind into Table rows (server-side printing). The base is Kubernetes' default
/// for kinds without printer columns: NAME and AGE.
/// </summary>
public class TableConvertor
{
    public static readonly TableConvertor Default = new();

    private static readonly TableColumn[] DefaultColumns =
    [
        new("Name", "string", "name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"),
        new("Age", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
    ];

    /// <summary>Column definitions, in order.</summary>
    public virtual IReadOnlyList<TableColumn> Columns => DefaultColumns;

    /// <summary>
    /// One row's cells for <paramref name="obj"/>: strings, numbers, booleans, and <see cref="TimeCell"/>s
    /// for text that depends on the time of writing. Must not depend on anything but the object.
    /// </summary>
    public virtual IReadOnlyList<object?> Cells(JsonElement obj) => [JsonCells.Name(obj), JsonCells.Age(obj)];

    /// <summary>The row's conditions (none by default).</summary>
    public virtual IReadOnlyList<TableRowCondition> Conditions(JsonElement obj) => [];

    /// <summary>One row's cells as written at <paramref name="now"/> (time cells rendered).</summary>
    public IReadOnlyList<object?> Cells(JsonElement obj, DateTimeOffset now) => TimeCell.RenderAll(Cells(obj), now);
}
