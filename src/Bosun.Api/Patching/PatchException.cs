namespace Bosun.Api.Patching;

/// <summary>
/// A patch that cannot be applied, carrying the HTTP status, reason and message kube-apiserver answers
/// with for the same failure, so the server maps it to a <c>Status</c> without guessing.
/// </summary>
/// <remarks>
/// Where kube-apiserver hides the library's error behind a generic text (a failing JSON patch is a 422
/// with "the server rejected our request due to an error in our request"), <see cref="Exception.Message"/>
/// is that generic text and <see cref="Detail"/> keeps the library's error for logs and tests.
/// </remarks>
public sealed class PatchException : Exception
{
    /// <summary>The message kube-apiserver sends for every 422 raised from a patch library.</summary>
    public const string GenericInvalidMessage = "the server rejected our request due to an error in our request";

    /// <summary>Creates a 500 with an empty (unknown) reason, as the apiserver does for an untyped error.</summary>
    public PatchException()
        : this(500, string.Empty, "patch failed", null)
    {
    }

    /// <summary>Creates a 500 with an empty (unknown) reason, as the apiserver does for an untyped error.</summary>
    public PatchException(string message)
        : this(500, string.Empty, message, null)
    {
    }

    /// <summary>Creates a 500 with an empty (unknown) reason, as the apiserver does for an untyped error.</summary>
    public PatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 500;
        Reason = string.Empty;
    }

    /// <summary>Creates the exception with the status the apiserver would answer with.</summary>
    /// <param name="statusCode">HTTP status code (400, 413, 415, 422 or 500).</param>
    /// <param name="reason">Kubernetes <c>StatusReason</c> (e.g. <c>BadRequest</c>, <c>Invalid</c>); empty for unknown.</param>
    /// <param name="message">The <c>Status.message</c> to send.</param>
    /// <param name="detail">The underlying library error when the message hides it.</param>
    public PatchException(int statusCode, string reason, string message, string? detail)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>HTTP status code kube-apiserver uses for this failure.</summary>
    public int StatusCode { get; }

    /// <summary>Kubernetes <c>StatusReason</c>; empty when the apiserver reports an unknown reason.</summary>
    public string Reason { get; }

    /// <summary>The patch library's own error text (evanphx/json-patch or strategicpatch wording).</summary>
    public string? Detail { get; }

    /// <summary>A 400 BadRequest whose message is the library error itself.</summary>
    internal static PatchException BadRequest(string message) => new(400, "BadRequest", message, message);

    /// <summary>A 422 Invalid with the apiserver's generic message; the library error is kept as detail.</summary>
    internal static PatchException Invalid(string detail) => new(422, "Invalid", GenericInvalidMessage, detail);

    /// <summary>A 500 with an unknown reason, as the apiserver answers for an error that is not a Status.</summary>
    internal static PatchException Internal(string message) => new(500, string.Empty, message, message);
}
