using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Bosun.Node.Cri;
using Bosun.Node.Logs;
using Bosun.Node.Pods;
using Bosun.Streaming.RemoteCommand;
using Bosun.Streaming.Security;
using Bosun.Streaming.Tunnels;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bosun.Node.Server;

/// <summary>
/// The agent's HTTPS endpoint (the kubelet's port 10250), which only the API server may call (a client
/// certificate issued by the cluster CA as kube-apiserver-kubelet-client): container logs read from the CRI log
/// files, and exec, attach and port-forward handed to the runtime's streaming server through an upgrade tunnel.
/// </summary>
public sealed partial class AgentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CriClient _cri;
    private readonly PodWorkers _pods;
    private readonly HttpMessageInvoker _runtimeStreams = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(10) });

    private AgentServer(WebApplication app, CriClient cri, PodWorkers pods)
    {
        _app = app;
        _cri = cri;
        _pods = pods;
    }

    public static AgentServer Create(string address, int port, AgentCredentials credentials, CriClient cri, PodWorkers pods, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        using var serving = X509Certificate2.CreateFromPem(credentials.ServingCertificatePem, credentials.ServingKeyPem);
        // Exported and re-imported so the key is usable by SslStream on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(serving.Export(X509ContentType.Pkcs12), null);
        var authority = X509Certificate2.CreateFromPem(credentials.AuthorityPem);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(address), port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (client, _, _) => KubeletClientCertificate.IsApiServerClient(authority, client),
            }));
        });
        var app = builder.Build();
        var server = new AgentServer(app, cri, pods);
        app.MapGet("/healthz", () => "ok");
        app.MapGet("/containerLogs/{ns}/{pod}/{container}", server.LogsAsync);
        app.MapMethods("/exec/{ns}/{pod}/{container}", ["GET", "POST"], server.ExecAsync);
        app.MapMethods("/attach/{ns}/{pod}/{container}", ["GET", "POST"], server.AttachAsync);
        app.MapMethods("/portForward/{ns}/{pod}", ["GET", "POST"], server.PortForwardAsync);
        return server;
    }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    private async Task LogsAsync(HttpContext context, string ns, string pod, string container)
    {
        var query = context.Request.Query;
        var previous = Flag(query, "previous");
        var target = await FindContainerAsync(ns, pod, container, previous, context.RequestAborted);
        if (target.Error is { } error)
        {
            await WriteErrorAsync(context, target.Status, error);
            return;
        }

        var options = new LogOptions
        {
            Follow = Flag(query, "follow"),
            Timestamps = Flag(query, "timestamps"),
            TailLines = long.TryParse(query["tailLines"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var tail) ? tail : null,
            LimitBytes = long.TryParse(query["limitBytes"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) ? limit : null,
            Since = long.TryParse(query["sinceSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
                ? DateTime.UtcNow.AddSeconds(-seconds)
                : DateTime.TryParse(query["sinceTime"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var since) ? since : null,
        };
        context.Response.ContentType = "text/plain";
        if (!File.Exists(target.LogPath))
        {
            return;
        }

        var id = target.Id!;
        await ContainerLogStreamer.StreamAsync(target.LogPath!, options, context.Response.Body, () => IsRunningAsync(id, context.RequestAborted), context.RequestAborted);
    }

    private async Task ExecAsync(HttpContext context, string ns, string pod, string container)
    {
        var options = StreamOptions.FromKubeletQuery(context.Request.Query);
        var target = await FindContainerAsync(ns, pod, container, false, context.RequestAborted);
        if (target.Error is { } error)
        {
            await WriteErrorAsync(context, target.Status, error);
            return;
        }

        var request = new ExecRequest { ContainerId = target.Id, Tty = options.Tty, Stdin = options.Stdin, Stdout = options.Stdout, Stderr = options.Stderr && !options.Tty };
        request.Cmd.AddRange(context.Request.Query["command"].OfType<string>());
        await TunnelAsync(context, async ct => (await _cri.Runtime.ExecAsync(request, CriClient.Options(ct))).Url);
    }

    private async Task AttachAsync(HttpContext context, string ns, string pod, string container)
    {
        var options = StreamOptions.FromKubeletQuery(context.Request.Query);
        var target = await FindContainerAsync(ns, pod, container, false, context.RequestAborted);
        if (target.Error is { } error)
        {
            await WriteErrorAsync(context, target.Status, error);
            return;
        }

        var request = new AttachRequest { ContainerId = target.Id, Tty = options.Tty, Stdin = options.Stdin, Stdout = options.Stdout, Stderr = options.Stderr && !options.Tty };
        await TunnelAsync(context, async ct => (await _cri.Runtime.AttachAsync(request, CriClient.Options(ct))).Url);
    }

    private async Task PortForwardAsync(HttpContext context, string ns, string pod)
    {
        var uid = _pods.Pods.Get($"{ns}/{pod}")?.Metadata.Uid;
        var sandbox = uid is null ? null : (await new RuntimeView(_cri).ObserveAsync(uid, context.RequestAborted)).Sandbox;
        if (sandbox is not { Ready: true })
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, $"pod \"{pod}\" in namespace \"{ns}\" has no running sandbox on this node");
            return;
        }

        await TunnelAsync(context, async ct => (await _cri.Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = sandbox.Id }, CriClient.Options(ct))).Url);
    }

    // The runtime hands out a one-time URL on its loopback streaming server; the client's upgrade goes there.
    private async Task TunnelAsync(HttpContext context, Func<CancellationToken, Task<string>> url)
    {
        if (!UpgradeTunnel.IsUpgradeRequest(context))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Upgrade request required");
            return;
        }

        string target;
        try
        {
            target = await url(context.RequestAborted);
        }
        catch (RpcException e)
        {
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, ImagePuller.RuntimeError(e));
            return;
        }

        await UpgradeTunnel.ProxyAsync(context, new Uri(target), _runtimeStreams, context.RequestAborted);
    }

    private sealed record Target(string? Id, string? LogPath, int Status, string? Error);

    private async Task<Target> FindContainerAsync(string ns, string pod, string container, bool previous, CancellationToken cancellationToken)
    {
        var apiPod = _pods.Pods.Get($"{ns}/{pod}");
        if (apiPod is null)
        {
            return new Target(null, null, StatusCodes.Status404NotFound, $"pod \"{pod}\" in namespace \"{ns}\" not found on this node");
        }

        var observed = await new RuntimeView(_cri).ObserveAsync(apiPod.Metadata.Uid, cancellationToken);
        var init = apiPod.Spec.InitContainers?.Any(c => c.Name == container) == true && !apiPod.Spec.Containers.Any(c => c.Name == container);
        var found = previous ? observed.Previous(container, init) : observed.Latest(container, init);
        if (found is null)
        {
            if (previous)
            {
                return new Target(null, null, StatusCodes.Status400BadRequest, $"previous terminated container \"{container}\" in pod \"{pod}\" not found");
            }

            var waiting = apiPod.Status?.ContainerStatuses?.Concat(apiPod.Status.InitContainerStatuses ?? []).FirstOrDefault(s => s.Name == container)?.State?.Waiting?.Reason ?? "ContainerCreating";
            return new Target(null, null, StatusCodes.Status400BadRequest, $"container \"{container}\" in pod \"{pod}\" is waiting to start: {waiting}");
        }

        return new Target(found.Id, found.LogPath, StatusCodes.Status200OK, null);
    }

    private async Task<bool> IsRunningAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var status = await _cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, CriClient.Options(cancellationToken));
            return status.Status.State is ContainerState.ContainerRunning or ContainerState.ContainerCreated;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    private static bool Flag(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var value) && (value.ToString() is "true" or "1" or "");

    private static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(message);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _runtimeStreams.Dispose();
    }
}
