using System.Net;
using System.Security.Cryptography.X509Certificates;
using Bosun.ApiServer.Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Bosun.E2E.Metrics;

/// <summary>
/// A stand-in for a node agent's HTTPS endpoint on a loopback port, with credentials issued by the cluster CA
/// as a real agent's are: it requires a client certificate and answers <c>/metrics/resource/summary</c> with
/// <see cref="Summary"/>, recording the subjects of the clients that asked.
/// </summary>
public sealed class FakeAgent : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<string> _clients = [];

    private FakeAgent(WebApplication app) => _app = app;

    /// <summary>The JSON the summary endpoint answers with.</summary>
    public string Summary { get; set; } = "{}";

    public int Port { get; private set; }

    /// <summary>Subjects of the client certificates the summary was served to.</summary>
    public IReadOnlyList<string> Clients
    {
        get
        {
            lock (_clients)
            {
                return [.. _clients];
            }
        }
    }

    public static async Task<FakeAgent> StartAsync(NodeCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        using var pem = X509Certificate2.CreateFromPem(credentials.ServingCertificatePem, credentials.ServingKeyPem);
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (_, _, _) => true,
        })));
        var app = builder.Build();
        var agent = new FakeAgent(app);
        app.MapGet("/metrics/resource/summary", (HttpContext context) =>
        {
            lock (agent._clients)
            {
                agent._clients.Add(context.Connection.ClientCertificate?.Subject ?? "");
            }

            return Results.Text(agent.Summary, "application/json");
        });
        await app.StartAsync();
        agent.Port = new Uri(app.Urls.First()).Port;
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
