namespace Bosun.Api.Strategies;

/// <summary>Core events: writable by PUT, selectable by the involved object, reason and type.</summary>
public sealed class EventStrategy : ResourceStrategy
{
    public static readonly EventStrategy Instance = new();

    public override bool AllowCreateOnUpdate => true;

    public override IReadOnlyDictionary<string, string> SelectableFields { get; } = new Dictionary<string, string>
    {
        ["involvedObject.kind"] = "",
        ["involvedObject.namespace"] = "",
        ["involvedObject.name"] = "",
        ["involvedObject.uid"] = "",
        ["involvedObject.apiVersion"] = "",
        ["involvedObject.resourceVersion"] = "",
        ["involvedObject.fieldPath"] = "",
        ["reason"] = "",
        ["reportingComponent"] = "",
        ["source"] = "",
        ["type"] = "",
    };
}
