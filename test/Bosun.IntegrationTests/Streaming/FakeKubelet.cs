using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bosun.ApiServer.Certificates;
using Bosun.Streaming.RemoteCommand;
using Bosun.Streaming.Security;
using Bosun.Streaming.Tunnels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bosun.IntegrationTests.Streaming;

/// <summary>
/// A stand-in for the node agent's kubelet endpoint (the agent does not exist yet): HTTPS on loopback with a
/// serving certificate from IssueNodeCredentials, accepting only the API server's kubelet-client certificate,
/// serving the kubelet paths with canned behaviour through Bosun.Streaming's server side. Commands: <c>sh -c
/// 'exit N'</c> exits N, <c>echo ...</c> prints, <c>cat</c> echoes stdin, <c>err TEXT</c> writes stderr;
/// attach behaves as cat; port-forward echoes bytes; logs print the container and the query they got.
/// </summary>
internal sealed class FakeKubelet : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeKubelet(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>Every request's path and query, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeKubelet> StartAsync(ClusterCertificates certificates, string nodeName)
    {
        var credentials = certificates.IssueNodeCredentials(nodeName, ["127.0.0.1"]);
        using var pem = X509Certificate2.CreateFromPem(credentials.ServingCertificatePem, credentials.ServingKeyPem);
        var serving = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var authority = X509Certificate2.CreateFromPem(credentials.AuthorityPem);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serving,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                CheckCertificateRevocation = false,
                ClientCertificateValidation = (certificate, _, _) => KubeletClientCertificate.IsApiServerClient(authority, certificate),
            });
        }));
        var app = builder.Build();
        var kubelet = new FakeKubelet(app);
        app.Run(kubelet.HandleAsync);
        await app.StartAsync();
        kubelet.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return kubelet;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        Requests.Enqueue(path + context.Request.QueryString);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (segments.FirstOrDefault())
        {
            case "containerLogs" when segments.Length == 4:
                await LogsAsync(context, segments[3]);
                break;
            case "exec" or "attach" when segments.Length == 4:
                await ExecAsync(context, segments[0] == "attach" ? ["cat"] : context.Request.Query["command"].Select(c => c ?? "").ToList());
                break;
            case "portForward" when segments.Length == 3:
                await PortForwardAsync(context);
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }

    private static async Task LogsAsync(HttpContext context, string container)
    {
        if (container == "waiting")
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync($"container \"{container}\" in pod is waiting to start: ContainerCreating");
            return;
        }

        await context.Response.WriteAsync($"log of {container}\nquery: {context.Request.QueryString}\n");
        if (context.Request.Query["follow"] == "true")
        {
            await context.Response.WriteAsync("line 1\n");
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // kubectl logs -f was stopped.
            }
        }
    }

    private static async Task ExecAsync(HttpContext context, List<string> command)
    {
        var options = StreamOptions.FromKubeletQuery(context.Request.Query);
        if (await SpdyUpgrade.AcceptAsync(context, StreamProtocols.SpdyRemoteCommand) is not var (connection, protocol))
        {
            return;
        }

        var ct = context.RequestAborted;
        var streams = await RemoteCommandStreams.AcceptAsync(connection, protocol, options, ct);
        if (streams is null)
        {
            await connection.DisposeAsync();
            return;
        }

        var exitCode = 0;
        switch (command.Count > 0 ? command[0] : null)
        {
            case "sh" when command.Count == 3 && command[2].StartsWith("exit ", StringComparison.Ordinal):
                exitCode = int.Parse(command[2]["exit ".Length..], CultureInfo.InvariantCulture);
                break;
            case "echo":
                await WriteAsync(streams.Stdout, string.Join(' ', command.Skip(1)) + "\n", ct);
                break;
            case "err":
                await WriteAsync(streams.Stderr, string.Join(' ', command.Skip(1)) + "\n", ct);
                break;
            case "cat" when streams.Stdin is not null && streams.Stdout is not null:
                await streams.Stdin.CopyToAsync(streams.Stdout, ct);
                break;
            default:
                await WriteAsync(streams.Stderr ?? streams.Stdout, $"{(command.Count > 0 ? command[0] : "")}: not found\n", ct);
                exitCode = 127;
                break;
        }

        await streams.FinishAsync(exitCode, ct);
    }

    private static async Task PortForwardAsync(HttpContext context)
    {
        if (await SpdyUpgrade.AcceptAsync(context, [StreamProtocols.PortForward]) is not var (connection, _))
        {
            return;
        }

        await PortForwardServer.ServeAsync(connection, async (_, data, ct) => await data.CopyToAsync(data, ct), context.RequestAborted);
        await connection.DisposeAsync();
    }

    private static async Task WriteAsync(Stream? stream, string text, CancellationToken ct)
    {
        if (stream is not null)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        }
    }
}
