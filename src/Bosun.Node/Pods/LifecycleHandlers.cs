using System.Globalization;
using System.Net.Sockets;
using Bosun.Node.Cri;
using Grpc.Core;
using k8s.Models;

namespace Bosun.Node.Pods;

/// <summary>The outcome of running a handler (hook or probe).</summary>
public sealed record HandlerResult(bool Success, string Message);

/// <summary>
/// Runs the handlers lifecycle hooks and probes share: exec (CRI ExecSync in the container), httpGet
/// (to the pod's IP, or the given host), tcpSocket (a connect), sleep. HTTP 200-399 is success.
/// </summary>
public sealed class LifecycleHandlers
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
    private readonly CriClient _cri;

    public LifecycleHandlers(CriClient cri) => _cri = cri;

    public async Task<HandlerResult> ExecAsync(string containerId, IList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            var request = new ExecSyncRequest { ContainerId = containerId, Timeout = Math.Max(1, (long)timeout.TotalSeconds) };
            request.Cmd.AddRange(command);
            var response = await _cri.Runtime.ExecSyncAsync(request, CriClient.Options(cancellationToken, timeout + TimeSpan.FromSeconds(5))).ConfigureAwait(false);
            var output = response.Stdout.ToStringUtf8() + response.Stderr.ToStringUtf8();
            return response.ExitCode == 0
                ? new HandlerResult(true, output)
                // As the kubelet's exec prober: the command's own output is the message.
                : new HandlerResult(false, output.Length > 0 ? output.TrimEnd('\n') : $"command '{string.Join(' ', command)}' exited with {response.ExitCode}");
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return e.StatusCode == StatusCode.DeadlineExceeded
                ? new HandlerResult(false, $"command timed out: \"{string.Join(' ', command)}\" timed out after {timeout.TotalSeconds:0}s")
                : new HandlerResult(false, ImagePuller.RuntimeError(e));
        }
    }

    public static async Task<HandlerResult> HttpGetAsync(V1HTTPGetAction action, string podIp, V1Container container, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var host = string.IsNullOrEmpty(action.Host) ? podIp : action.Host;
        var port = ResolvePort(action.Port, container);
        var scheme = (action.Scheme ?? "HTTP").ToLowerInvariant();
        var path = string.IsNullOrEmpty(action.Path) ? "/" : action.Path.StartsWith('/') ? action.Path : "/" + action.Path;
        var url = $"{scheme}://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}{path}";
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.UserAgent.ParseAdd("kube-probe/1.33");
        foreach (var header in action.HttpHeaders ?? [])
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }

        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400
                ? new HandlerResult(true, "")
                : new HandlerResult(false, $"HTTP probe failed with statuscode: {code}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HandlerResult(false, $"Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException e)
        {
            return new HandlerResult(false, $"Get \"{url}\": {e.InnerException?.Message ?? e.Message}");
        }
    }

    public static async Task<HandlerResult> TcpAsync(V1TCPSocketAction action, string podIp, V1Container container, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var host = string.IsNullOrEmpty(action.Host) ? podIp : action.Host;
        var port = ResolvePort(action.Port, container);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, timeoutSource.Token).ConfigureAwait(false);
            return new HandlerResult(true, "");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HandlerResult(false, $"dial tcp {host}:{port}: i/o timeout");
        }
        catch (SocketException e)
        {
            return new HandlerResult(false, $"dial tcp {host}:{port}: connect: {e.Message.ToLowerInvariant()}");
        }
    }

    /// <summary>A port given by number or by the name of one of the container's ports.</summary>
    public static int ResolvePort(IntOrString port, V1Container container)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(container);
        var text = port.Value;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return container.Ports?.FirstOrDefault(p => p.Name == text)?.ContainerPort
            ?? throw new ContainerConfigException($"couldn't find port {text} in container {container.Name}");
    }

    /// <summary>Runs a lifecycle hook handler (postStart/preStop) in the container.</summary>
    public async Task<HandlerResult> RunHookAsync(V1LifecycleHandler handler, string containerId, string podIp, V1Container container, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (handler.Exec is { } exec)
        {
            return await ExecAsync(containerId, exec.Command ?? [], timeout, cancellationToken).ConfigureAwait(false);
        }

        if (handler.HttpGet is { } http)
        {
            return await HttpGetAsync(http, podIp, container, timeout, cancellationToken).ConfigureAwait(false);
        }

        if (handler.Sleep is { } sleep)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(sleep.Seconds, timeout.TotalSeconds)), cancellationToken).ConfigureAwait(false);
            return new HandlerResult(true, "");
        }

        if (handler.TcpSocket is { } tcp)
        {
            return await TcpAsync(tcp, podIp, container, timeout, cancellationToken).ConfigureAwait(false);
        }

        return new HandlerResult(false, "no handler given");
    }
}
