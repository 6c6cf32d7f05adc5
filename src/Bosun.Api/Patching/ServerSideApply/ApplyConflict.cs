namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>A field an apply would change that another manager owns.</summary>
/// <param name="Owner">The other manager.</param>
/// <param name="Path">The field.</param>
internal sealed record ApplyConflict(ManagedFieldsEntry Owner, FieldPath Path);
