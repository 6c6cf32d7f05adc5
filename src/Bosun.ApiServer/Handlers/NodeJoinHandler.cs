using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.ApiServer.Certificates;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Handlers;

/// <summary>
/// <c>POST /v1-bosun/node-credentials</c>: how <c>bosun agent --server URL --token T</c> joins (as k3s agents
/// fetch their certificates with the cluster token). The caller proves it holds the cluster token (bearer);
/// it gets the cluster CA, a client certificate for system:node:&lt;name&gt; and a serving certificate for its
/// addresses. The agent checks the server's CA against the hash in the token before trusting the answer.
/// </summary>
internal sealed class NodeJoinHandler(Func<ClusterCertificates> certificates, Func<string> clusterToken)
{
    public const string Path = "/v1-bosun/node-credentials";

    /// <summary>The cluster CA (public, as k3s's /cacerts): a joining agent checks it against the token's hash first.</summary>
    public const string AuthorityPath = "/cacerts";

    public async Task HandleAuthorityAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(certificates().Authority.ExportCertificatePem(), context.RequestAborted);
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }

        var presented = context.Request.Headers.Authorization.ToString();
        if (!presented.StartsWith("Bearer ", StringComparison.Ordinal) || !Matches(presented["Bearer ".Length..].Trim(), clusterToken()))
        {
            throw ApiException.Unauthorized();
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"invalid join request: {e.Message}");
        }

        var nodeName = body?["nodeName"]?.GetValue<string>() ?? "";
        if (!IsDnsSubdomain(nodeName))
        {
            throw ApiException.BadRequest($"invalid node name \"{nodeName}\": a lowercase RFC 1123 subdomain is required");
        }

        var addresses = new List<string>();
        foreach (var address in body?["addresses"]?.AsArray() ?? [])
        {
            var text = address?.GetValue<string>() ?? "";
            addresses.Add(IPAddress.TryParse(text, out _) ? text : throw ApiException.BadRequest($"invalid node address \"{text}\""));
        }

        var issued = certificates().IssueNodeCredentials(nodeName, addresses);
        var answer = new JsonObject
        {
            ["authority"] = issued.AuthorityPem,
            ["servingCertificate"] = issued.ServingCertificatePem,
            ["servingKey"] = issued.ServingKeyPem,
            ["clientCertificate"] = issued.ClientCertificatePem,
            ["clientKey"] = issued.ClientKeyPem,
        };
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    // The secret decides; a full token's CA hash must also be this cluster's when both carry one.
    private static bool Matches(string presented, string expected)
    {
        ClusterToken given;
        ClusterToken ours;
        try
        {
            given = ClusterToken.Parse(presented);
            ours = ClusterToken.Parse(expected);
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (given.CaHash is not null && ours.CaHash is not null && given.CaHash != ours.CaHash)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.Secret), Encoding.UTF8.GetBytes(ours.Secret));
    }

    private static bool IsDnsSubdomain(string name) =>
        name.Length is > 0 and <= 253 && name.Split('.').All(label => label.Length is > 0 and <= 63
            && char.IsAsciiLetterLower(label[0]) | char.IsAsciiDigit(label[0])
            && char.IsAsciiLetterLower(label[^1]) | char.IsAsciiDigit(label[^1])
            && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
}
