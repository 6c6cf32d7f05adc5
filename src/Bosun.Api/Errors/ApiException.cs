namespace Bosun.Api.Errors;

/// <summary>
/// An error that becomes a Kubernetes <c>Status</c> response: HTTP code, machine-readable reason,
/// message, and optional details. Thrown anywhere in the request path; turned into a response in one place.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException() : this(500, "InternalError", "internal error") { }

    public ApiException(string message) : this(500, "InternalError", message) { }

    public ApiException(string message, Exception inner) : base(message, inner) => (Code, Reason) = (500, "InternalError");

    public ApiException(int code, string reason, string message) : base(message) => (Code, Reason) = (code, reason);

    /// <summary>HTTP status code.</summary>
    public int Code { get; }

    /// <summary>Kubernetes StatusReason, e.g. <c>NotFound</c>; empty for "unknown" (the 415 case).</summary>
    public string Reason { get; }

    /// <summary>Name of the object concerned, if any.</summary>
    public string? DetailsName { get; init; }

    /// <summary>Group of the resource concerned, if any.</summary>
    public string? DetailsGroup { get; init; }

    /// <summary>Resource (Kubernetes puts the resource in details.kind), if any.</summary>
    public string? DetailsKind { get; init; }

    /// <summary>Details' causes (field errors).</summary>
    public IReadOnlyList<StatusCause> Causes { get; init; } = [];

    /// <summary>Seconds after which the client may retry (429, 503, 504).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Formats <c>group.resource</c> the way Kubernetes names resources in messages.</summary>
    public static string QualifiedResource(string group, string resource) =>
        group.Length == 0 ? resource : $"{resource}.{group}";

    public static ApiException NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{QualifiedResource(group, resource)} \"{name}\" not found")
        { DetailsName = name, DetailsGroup = group, DetailsKind = resource };

    public static ApiException AlreadyExists(string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{QualifiedResource(group, resource)} \"{name}\" already exists")
        { DetailsName = name, DetailsGroup = group, DetailsKind = resource };

    /// <summary>The optimistic-concurrency conflict, worded as kube-apiserver words it.</summary>
    public static ApiException Conflict(string group, string resource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {QualifiedResource(group, resource)} \"{name}\": {detail}")
        { DetailsName = name, DetailsGroup = group, DetailsKind = resource };

    /// <summary>The stale-resourceVersion conflict.</summary>
    public static ApiException StaleResourceVersion(string group, string resource, string name) =>
        Conflict(group, resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>422 with field causes; message <c>Kind "name" is invalid: ...</c>.</summary>
    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<StatusCause> causes)
    {
        ArgumentNullException.ThrowIfNull(causes);
        var list = causes.Select(c => c.Field.Length == 0 ? c.Message : $"{c.Field}: {c.Message}").ToList();
        var text = list.Count == 1 ? list[0] : $"[{string.Join(", ", list)}]";
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {text}")
        { DetailsName = name, DetailsGroup = group, DetailsKind = kind, Causes = causes };
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException Forbidden(string message) => new(403, "Forbidden", message);

    public static ApiException MethodNotSupported(string group, string resource, string verb) =>
        new(405, "MethodNotAllowed", $"{verb} is not supported on resources of kind \"{QualifiedResource(group, resource)}\"")
        { DetailsGroup = group, DetailsKind = resource };

    public static ApiException NotAcceptable(IEnumerable<string> accepted) =>
        new(406, "NotAcceptable", $"only the following media types are accepted: {string.Join(", ", accepted)}");

    public static ApiException UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException Gone(string message) => new(410, "Gone", message);

    public static ApiException RequestEntityTooLarge(string message) => new(413, "RequestEntityTooLarge", message);

    public static ApiException Internal(string message) => new(500, "InternalError", $"Internal error occurred: {message}");

    public static ApiException ServiceUnavailable(string message) =>
        new(503, "ServiceUnavailable", message) { RetryAfterSeconds = 1 };

    public static ApiException Timeout(string message) => new(504, "Timeout", message) { RetryAfterSeconds = 1 };
}
