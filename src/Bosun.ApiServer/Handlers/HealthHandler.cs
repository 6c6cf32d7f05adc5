using System.Text;
using Bosun.ApiServer.Http;
using Bosun.ApiServer.Registry;
using Bosun.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Bosun.ApiServer.Handlers;

/// <summary>/healthz, /livez and /readyz with their named checks and ?verbose output, as kube-apiserver.</summary>
internal sealed class HealthHandler(IStore store, ResourceReader reader, ServerState state, IHostApplicationLifetime lifetime)
{
    public async Task HandleAsync(HttpContext context, string endpoint, string? single)
    {
        var checks = new List<(string Name, Func<Task<string?>> Check)>
        {
            ("ping", () => Task.FromResult<string?>(null)),
            ("log", () => Task.FromResult<string?>(null)),
            ("etcd", CheckStoreAsync),
        };
        if (endpoint != "livez")
        {
            checks.Add(("informer-sync", () => Task.FromResult(reader.Hub.Ready ? null : "watch caches not loaded yet")));
            checks.Add(("poststarthook/bootstrap-namespaces", () => Task.FromResult(state.NamespacesReady ? null : "default namespaces not created yet")));
        }

        if (endpoint == "readyz")
        {
            checks.Add(("shutdown", () => Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested ? "server is shutting down" : null)));
        }

        if (single is not null)
        {
            checks = checks.Where(c => c.Name == single).ToList();
            if (checks.Count == 0)
            {
                await ApiResponses.WriteBytesAsync(context, 404, "404 page not found\n"u8.ToArray(), "text/plain; charset=utf-8");
                return;
            }
        }

        var exclude = context.Request.Query["exclude"].ToHashSet();
        var text = new StringBuilder();
        var failed = false;
        foreach (var (name, check) in checks)
        {
            if (exclude.Contains(name))
            {
                text.Append("[+]").Append(name).Append(" excluded: ok\n");
                continue;
            }

            var problem = await check();
            failed |= problem is not null;
            text.Append(problem is null ? $"[+]{name} ok\n" : $"[-]{name} failed: reason withheld\n");
        }

        var verbose = context.Request.Query.ContainsKey("verbose");
        string body;
        if (failed)
        {
            body = text + $"{endpoint} check failed\n";
        }
        else
        {
            body = verbose ? text + $"{endpoint} check passed\n" : "ok";
        }

        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await ApiResponses.WriteBytesAsync(context, failed ? 500 : 200, Encoding.UTF8.GetBytes(body), "text/plain; charset=utf-8");
    }

    private async Task<string?> CheckStoreAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await store.GetRevisionAsync(timeout.Token);
            return null;
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }
}
