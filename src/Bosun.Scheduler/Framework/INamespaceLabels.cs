namespace Bosun.Scheduler.Framework;

/// <summary>Namespace labels, for affinity terms with a namespaceSelector.</summary>
internal interface INamespaceLabels
{
    IDictionary<string, string>? LabelsOf(string @namespace);
}
