using System.Net;
using System.Text.Json;
using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>Requests without credentials, over the server's real TLS (trusting only DIR/tls/ca.crt).</summary>
public sealed class AuthenticationTests(BosunServer server) : IClassFixture<BosunServer>
{
    [Fact]
    public async Task ListNamespaces_NoClientCertificate_Returns401WithStatusBody()
    {
        using var client = server.CreateAnonymousClient();

        using var response = await client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Status", body.RootElement.GetProperty("kind").GetString());
        Assert.Equal("v1", body.RootElement.GetProperty("apiVersion").GetString());
        Assert.Equal("Failure", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Unauthorized", body.RootElement.GetProperty("reason").GetString());
        Assert.Equal(401, body.RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Healthz_NoCredentials_ReturnsOk()
    {
        using var client = server.CreateAnonymousClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadyzVerbose_NoCredentials_ListsChecksAndPasses()
    {
        using var client = server.CreateAnonymousClient();

        using var response = await client.GetAsync(new Uri("/readyz?verbose", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("[+]ping ok", body, StringComparison.Ordinal);
        Assert.Contains("readyz check passed", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_NoCredentials_ReturnsVersionInfo()
    {
        using var client = server.CreateAnonymousClient();

        using var response = await client.GetAsync(new Uri("/version", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("1", body.RootElement.GetProperty("major").GetString());
        Assert.StartsWith("v1.", body.RootElement.GetProperty("gitVersion").GetString(), StringComparison.Ordinal);
    }
}
