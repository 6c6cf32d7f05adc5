namespace Bosun.Api.Errors;

/// <summary>One cause in a Status' details (a field error for 422 Invalid).</summary>
/// <param name="Reason">e.g. <c>FieldValueRequired</c>, <c>FieldValueInvalid</c>, <c>FieldValueDuplicate</c>.</param>
/// <param name="Message">Human-readable text, as Kubernetes words it.</param>
/// <param name="Field">Field path such as <c>metadata.name</c>.</param>
public sealed record StatusCause(string Reason, string Message, string Field);
