using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.ApiServer.Certificates;
using Bosun.Node.Server;
using Microsoft.Extensions.Logging;

namespace Bosun;

/// <summary>
/// <c>bosun agent --server URL --token T</c>: joins this machine to a cluster as a node. The token's CA hash
/// vouches for the server (its CA is fetched and checked before the token is sent); the server answers with
/// node credentials; the agent then runs like the one embedded in <c>bosun server</c>.
/// </summary>
internal static class AgentCommand
{
    private const string Help = """
        usage: bosun agent --server URL --token TOKEN [flags]

        runs a node agent (containerd, CNI, pods) that joins the cluster at URL

          --server URL                 the API server, e.g. https://127.0.0.1:6443
          --token TOKEN                the cluster token (<server data-dir>/token)
          --data-dir PATH              agent state (default /var/lib/bosun-agent)
        """ + AgentFlags.Help;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        Node.Agent.NodeAgentOptions options;
        string server;
        ClusterToken token;
        try
        {
            server = ServerCommand.TakeFlag(ref args, "--server") ?? throw new ArgumentException("--server is required");
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme != "https")
            {
                throw new ArgumentException($"invalid --server \"{server}\" (an https URL)");
            }

            token = ClusterToken.Parse(ServerCommand.TakeFlag(ref args, "--token") ?? throw new ArgumentException("--token is required"));
            var dataDir = ServerCommand.TakeFlag(ref args, "--data-dir") ?? "/var/lib/bosun-agent";
            options = AgentFlags.Take(ref args, dataDir);
            if (args.Length > 0)
            {
                throw new ArgumentException($"unknown flag: {args[0]}");
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bosun agent: {e.Message}\n\n{Help}");
            return 2;
        }

        if (AgentFlags.Missing(options) is { } problem)
        {
            Console.Error.WriteLine($"bosun agent: {problem}");
            return 1;
        }

        JoinResult joined;
        try
        {
            joined = await JoinAsync(new Uri(server), token, options.NodeName, options.NodeIp);
        }
        catch (Exception e) when (e is HttpRequestException or JoinException or TaskCanceledException)
        {
            Console.Error.WriteLine($"bosun agent: cannot join {server}: {e.Message}");
            return 1;
        }

        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning).AddFilter("System", LogLevel.Warning));
        var client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration
        {
            Host = server,
            SslCaCerts = new X509Certificate2Collection(X509Certificate2.CreateFromPem(joined.Authority)),
            ClientCertificateData = Convert.ToBase64String(Encoding.UTF8.GetBytes(joined.ClientCertificate)),
            ClientCertificateKeyData = Convert.ToBase64String(Encoding.UTF8.GetBytes(joined.ClientKey)),
        });
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        await using var run = AgentRun.Start(options, client, new AgentCredentials(joined.ServingCertificate, joined.ServingKey, joined.Authority), loggers);
        try
        {
            await run.Started.WaitAsync(stop.Token);
            Console.WriteLine($"node {options.NodeName} joined {server}; agent data in {options.DataDirectory}");
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // SIGTERM or Ctrl-C: stop; running containers keep running in their shims.
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"bosun agent: {e.Message}");
            return 1;
        }

        return 0;
    }

    private sealed record JoinResult(string Authority, string ServingCertificate, string ServingKey, string ClientCertificate, string ClientKey);

    private sealed class JoinException(string message) : Exception(message);

    private static async Task<JoinResult> JoinAsync(Uri server, ClusterToken token, string nodeName, string nodeIp)
    {
        // 1. The CA, over TLS we cannot verify yet; the token's hash decides whether to believe it.
        string authorityPem;
        // Nothing secret is sent on this connection; what comes back is checked against the token below.
#pragma warning disable CA5359
        using (var insecure = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { Timeout = TimeSpan.FromSeconds(30) })
#pragma warning restore CA5359
        {
            authorityPem = await insecure.GetStringAsync(new Uri(server, "/cacerts"));
        }

        if (token.CaHash is { } expected && ClusterToken.HashOfPem(authorityPem) != expected)
        {
            throw new JoinException("the server's CA does not match the token's CA hash (wrong server, or a token from another cluster)");
        }

        // 2. The token goes only to a server that proves it holds that CA's serving certificate.
        using var authority = X509Certificate2.CreateFromPem(authorityPem);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) == System.Net.Security.SslPolicyErrors.None
            && ClusterTrust.IsIssuedBy(authority, certificate);
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/v1-bosun/node-credentials"))
        {
            Content = JsonContent.Create(new JsonObject { ["nodeName"] = nodeName, ["addresses"] = new JsonArray(nodeIp) }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.CaHash is null ? token.Secret : $"K10{token.CaHash}::server:{token.Secret}");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new JoinException(response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? "the token was refused" : $"{(int)response.StatusCode}: {body}");
        }

        var answer = JsonNode.Parse(body) ?? throw new JoinException("empty answer");
        string Field(string name) => answer[name]?.GetValue<string>() ?? throw new JoinException($"answer without {name}");
        return new JoinResult(Field("authority"), Field("servingCertificate"), Field("servingKey"), Field("clientCertificate"), Field("clientKey"));
    }
}
