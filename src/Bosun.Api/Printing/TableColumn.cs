namespace Bosun.Api.Printing;

/// <summary>A meta.k8s.io TableColumnDefinition.</summary>
/// <param name="Name">Header as kubectl prints it upper-cased (e.g. "Name", "Age").</param>
/// <param name="Type">OpenAPI type: string, integer, number, boolean, date.</param>
/// <param name="Format">e.g. "name" for the name column.</param>
/// <param name="Description">Column description.</param>
/// <param name="Priority">0 always shown, 1 only with -o wide.</param>
public sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority = 0);
