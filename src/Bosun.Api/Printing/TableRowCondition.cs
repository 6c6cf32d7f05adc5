namespace Bosun.Api.Printing;

/// <summary>A meta.k8s.io TableRowCondition (Kubernetes sets only "Completed", on finished pods).</summary>
/// <param name="Type">Condition type, e.g. "Completed".</param>
/// <param name="Status">"True", "False" or "Unknown".</param>
/// <param name="Reason">Machine-readable reason.</param>
/// <param name="Message">Human-readable message.</param>
public sealed record TableRowCondition(string Type, string Status, string Reason, string Message);
