namespace Bosun.Api.Catalog;

/// <summary>A subresource of a served resource, as discovery lists it.</summary>
/// <param name="Name">e.g. <c>status</c>, <c>scale</c>, <c>binding</c>, <c>finalize</c>.</param>
/// <param name="Group">Group of the kind the subresource speaks (autoscaling for scale).</param>
/// <param name="Version">Version of that kind.</param>
/// <param name="Kind">The kind the subresource speaks (the parent's kind for status).</param>
/// <param name="Verbs">Verbs served on it.</param>
public sealed record SubresourceDefinition(string Name, string Group, string Version, string Kind, IReadOnlyList<string> Verbs);
