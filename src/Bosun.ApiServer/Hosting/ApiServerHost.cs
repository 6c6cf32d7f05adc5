using System.Net;
using System.Runtime.CompilerServices;
using Bosun.Api.Catalog;
using Bosun.Api.Discovery;
using Bosun.Api.OpenApi;
using Bosun.ApiServer.Admission;
using Bosun.ApiServer.Authentication;
using Bosun.ApiServer.Authorization;
using Bosun.ApiServer.Certificates;
using Bosun.ApiServer.Handlers;
using Bosun.ApiServer.Kubelets;
using Bosun.ApiServer.Registry;
using Bosun.Storage;
using Bosun.Storage.Cache;
using Bosun.Storage.Etcd;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bosun.ApiServer.Hosting;

/// <summary>
/// A running API server: store, watch caches, HTTPS listener, bootstrap objects and the admin kubeconfig.
/// Start with <see cref="StartAsync"/>; <see cref="DisposeAsync"/> stops accepting, lets in-flight requests
/// finish and closes the store.
/// </summary>
public sealed class ApiServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StrongBox<ClusterCertificates?> _certificates;

    private readonly StrongBox<string> _token;

    private ApiServerHost(WebApplication app, StrongBox<ClusterCertificates?> certificates, StrongBox<string> token, string kubeconfigPath)
    {
        _app = app;
        _certificates = certificates;
        _token = token;
        KubeconfigPath = kubeconfigPath;
    }

    /// <summary>The https URL clients use.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Where the admin kubeconfig was written.</summary>
    public string KubeconfigPath { get; }

    /// <summary>The cluster's certificates and admin credentials (loaded by <see cref="StartAsync"/>).</summary>
    public ClusterCertificates Certificates => _certificates.Value ?? throw new InvalidOperationException("the server has not started");

    /// <summary>Why the server stopped itself after starting (see <see cref="DatastoreStartup.Fatal"/>), or null.</summary>
    public string? Fatal => _app.Services.GetRequiredService<DatastoreStartup>().Fatal;

    /// <summary>The cluster token (<c>K10...::server:...</c>) further servers join with (set by <see cref="StartAsync"/>).</summary>
    public string Token => _token.Value ?? "";

    /// <summary>The server's services (tests and the bosun binary reach parts through it).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Completes when the host stops (SIGTERM, Ctrl-C or dispose).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Builds a server from <paramref name="options"/>; nothing listens until <see cref="StartAsync"/>.</summary>
    public static ApiServerHost Create(ApiServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.DataDir))
        {
            throw new ArgumentException("a data directory is required", nameof(options));
        }

        Directory.CreateDirectory(options.DataDir);
        // The certificates come from the datastore's bootstrap record, read when the server starts.
        var certificates = new StrongBox<ClusterCertificates?>();
        var token = new StrongBox<string>("");
        var kubeconfig = options.KubeconfigPath.Length > 0 ? options.KubeconfigPath : Path.Combine(options.DataDir, "kubeconfig.yaml");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information)
                .AddFilter("Microsoft", LogLevel.Warning);
        }
        else
        {
            logging(builder.Logging);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Bodies are limited (and answered with a Status) by the API layer; watches run long.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Listen(IPAddress.Parse(options.BindAddress), options.HttpsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificateSelector = (_, _) => certificates.Value?.Serving,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    // Chains are checked against the cluster CA by the authenticator, which answers 401.
                    ClientCertificateValidation = (_, _, _) => true,
                    CheckCertificateRevocation = false,
                    // Kestrel's default 10 s drops handshakes on a saturated 2-core machine (seen as "unexpected EOF"
                    // on a client's first request while the full test suite ran); a slow handshake is not an attack here.
                    HandshakeTimeout = TimeSpan.FromSeconds(30),
                });
            });
        });

        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => certificates.Value ?? throw new InvalidOperationException("cluster certificates are loaded when the server starts"));
        services.AddBosunStorage(options.EffectiveDatastoreEndpoint);
        services.Configure<EtcdStoreOptions>(options.ConfigureEtcd);
        services.Configure<StoreCompactorOptions>(compactor => compactor.Interval = options.CompactionInterval);
        var catalog = BuiltInResources.CreateCatalog();
        services.AddSingleton(catalog);
        services.AddSingleton(sp => DiscoveryDocuments.Create(catalog, $"{options.BindAddress}:{options.HttpsPort}"));
        services.AddSingleton(_ => OpenApiV3Documents.Create(catalog, ServerVersion.GitVersion));
        var selectableFields = catalog.All
            .GroupBy(ObjectKeys.ResourcePrefix)
            // Several resources can share storage (bindings live in pods' keys); the listable one owns the fields.
            .Select(g => g.FirstOrDefault(r => r.Verbs.Contains("list")) ?? g.First())
            .ToDictionary(ObjectKeys.ResourcePrefix, r => Api.Strategies.Strategies.For(r.StorageGroup, r.Kind).SelectableFields, StringComparer.Ordinal);
        services.AddSingleton(sp => new CacheHub<ObjectAttributes>(
            sp.GetRequiredService<IStore>(),
            selectableFields.Keys,
            (prefix, value, _) => ObjectAttributesDecoder.Decode(value, selectableFields[prefix]),
            new CacheOptions(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Bosun.WatchCache")));
        services.AddSingleton<ServerState>();
        services.AddSingleton<IAuthenticator, ClientCertificateAuthenticator>();
        services.AddSingleton<IAuthenticator>(sp => new TokenAuthenticator(new Dictionary<string, UserInfo>
        {
            [sp.GetRequiredService<ClusterCertificates>().AdminToken] = new("system:admin", ["system:masters", "system:authenticated"]),
        }));
        services.AddSingleton<IAuthorizer, AllowAllAuthorizer>();
        services.AddSingleton<IAdmissionPlugin, NamespaceLifecyclePlugin>();
        services.AddSingleton<IAdmissionPlugin, PriorityPlugin>();
        services.AddSingleton<AdmissionChain>();
        services.AddSingleton<ResourceRegistry>();
        services.AddSingleton<ResourceReader>();
        services.AddSingleton<WatchHandler>();
        services.AddSingleton<SubresourceHandler>();
        services.AddSingleton<EvictionHandler>();
        services.AddSingleton<KubeletLocator>();
        // Resolved with the first streaming request, after StartAsync loaded the certificates it needs.
        services.AddSingleton<KubeletTransport>();
        services.AddSingleton<PodStreamingHandler>();
        services.AddSingleton<ResourceHandler>();
        services.AddSingleton<DiscoveryHandler>();
        services.AddSingleton<HealthHandler>();
        services.AddSingleton(sp => new NodeJoinHandler(sp.GetRequiredService<ClusterCertificates>, () => token.Value ?? ""));
        services.AddSingleton<ApiRequestPipeline>();
        services.AddSingleton<Bootstrapper>();
        services.AddSingleton<DatastoreStartup>();

        var app = builder.Build();
        // exec and attach from kubectl 1.30+ and port-forward from 1.31+ arrive as WebSockets.
        app.UseWebSockets();
        // Resolved on the first request: its authenticators need the certificates StartAsync loads.
        ApiRequestPipeline? pipeline = null;
        app.Run(context => (pipeline ??= app.Services.GetRequiredService<ApiRequestPipeline>()).HandleAsync(context));
        return new ApiServerHost(app, certificates, token, kubeconfig);
    }

    /// <summary>
    /// Opens the store, joins or founds the cluster in it (<see cref="ClusterBootstrap"/>), loads the caches,
    /// starts listening, creates the system namespaces and writes the kubeconfig. A datastore that cannot be
    /// reached is waited for (<see cref="DatastoreStartup"/>).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var options = _app.Services.GetRequiredService<IOptions<ApiServerOptions>>().Value;
        var startup = _app.Services.GetRequiredService<DatastoreStartup>();
        var (certificates, token, ready) = await startup.StartAsync(options, cancellationToken);
        _certificates.Value = certificates;
        _token.Value = token;
        await _app.StartAsync(cancellationToken);
        if (ready)
        {
            await startup.CompleteAsync(options, cancellationToken);
        }

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var host = options.BindAddress is "0.0.0.0" ? "127.0.0.1" : options.BindAddress is "::" ? "[::1]" : options.BindAddress.Contains(':', StringComparison.Ordinal) ? $"[{options.BindAddress}]" : options.BindAddress;
        Url = $"https://{host}:{port}";
        KubeconfigWriter.Write(KubeconfigPath, Url, Certificates);
    }

    /// <summary>Stops gracefully: no new requests, in-flight ones finish, watches end, the store closes last.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.Services.GetRequiredService<CacheHub<ObjectAttributes>>().DisposeAsync();
            await _app.DisposeAsync();
            _certificates.Value?.Dispose();
        }
    }
}
