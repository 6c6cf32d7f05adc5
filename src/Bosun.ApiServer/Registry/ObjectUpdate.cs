using System.Text.Json.Nodes;

namespace Bosun.ApiServer.Registry;

/// <summary>
/// Computes the desired object from the current one (a PUT body, a patch applied, a subresource change).
/// <paramref name="current"/> carries its resourceVersion; it is null when the object does not exist.
/// </summary>
public delegate ValueTask<JsonObject> ObjectUpdate(JsonObject? current);
