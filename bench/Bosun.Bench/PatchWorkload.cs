using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Api.Objects;
using Bosun.Api.Patching.ServerSideApply;

namespace Bosun.Bench;

/// <summary>
/// The objects and request bodies of the patch benchmark: a pod of N realistic containers, stored the way
/// the server keeps it (with managedFields), and the bodies kubectl sends to change it.
/// </summary>
/// <remarks>
/// Every body is built from the same pod so the variants change the same thing: container
/// <see cref="ChangedContainer"/>'s image (set image, merge patch, apply) or its env and liveness probe
/// (client-side apply).
/// </remarks>
internal sealed class PatchWorkload
{
    /// <summary>The container every variant changes (one in the middle of the list).</summary>
    public const int ChangedContainer = 7;

    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>A fixed clock: the steady-state apply keeps the managedFields time only when nothing changed.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public PatchWorkload(int containers)
    {
        Containers = containers;
        var config = Config(containers, image: Image(ChangedContainer, "1.4.2"), logLevel: "info", liveness: true);
        var changedImage = Config(containers, image: Image(ChangedContainer, "1.4.3"), logLevel: "info", liveness: true);
        var changedEnv = Config(containers, image: Image(ChangedContainer, "1.4.2"), logLevel: "debug", liveness: false);
        var schema = new ApplySchema("", "Pod", ignoreStatus: true);

        // Created with kubectl create: one Update entry owning every field, as the server records it.
        var created = Stored(config);
        FieldManager.RecordUpdate(null, created, schema, "kubectl-create", "v1", "", Now);
        StoredPod = ObjectJson.ToStored(created);

        SetImagePatch = Utf8(SetImage(containers));
        MergePatch = Utf8(new JsonObject { ["spec"] = new JsonObject { ["containers"] = changedImage["spec"]!["containers"]!.DeepClone() } });

        // Created with client-side kubectl apply: the whole configuration rides along in an annotation.
        var clientApplied = Stored(config);
        clientApplied.Metadata()["annotations"]![LastApplied] = config.ToJsonString() + "\n";
        FieldManager.RecordUpdate(null, clientApplied, schema, "kubectl-client-side-apply", "v1", "", Now);
        ClientAppliedPod = ObjectJson.ToStored(clientApplied);
        ClientSideApplyPatch = Utf8(ClientSideApply(containers, changedEnv));

        ApplyBody = Utf8(config);
        ChangedApplyBody = Utf8(changedImage);
        var serverApplied = FieldManager.Apply(null, (JsonObject)config.DeepClone(), schema, "kubectl", force: false, "v1", Now);
        AddServerFields(serverApplied);
        ServerAppliedPod = ObjectJson.ToStored(serverApplied);
    }

    public int Containers { get; }

    /// <summary>The pod as stored after <c>kubectl create</c> (managedFields of one Update manager).</summary>
    public byte[] StoredPod { get; }

    /// <summary>What <c>kubectl set image pod/NAME app-07=...</c> sends (strategic merge patch).</summary>
    public byte[] SetImagePatch { get; }

    /// <summary>The same image change as a JSON merge patch: a list cannot be merged, so all containers travel.</summary>
    public byte[] MergePatch { get; }

    /// <summary>The pod as stored after a client-side <c>kubectl apply</c> (last-applied annotation).</summary>
    public byte[] ClientAppliedPod { get; }

    /// <summary>What client-side <c>kubectl apply</c> sends for a changed env value and a removed liveness probe.</summary>
    public byte[] ClientSideApplyPatch { get; }

    /// <summary>The full configuration <c>kubectl apply --server-side</c> sends the first time.</summary>
    public byte[] ApplyBody { get; }

    /// <summary>The same configuration with one container's image changed.</summary>
    public byte[] ChangedApplyBody { get; }

    /// <summary>The pod as stored after a server-side apply of <see cref="ApplyBody"/> by manager <c>kubectl</c>.</summary>
    public byte[] ServerAppliedPod { get; }

    private static string Image(int container, string tag) =>
        string.Create(CultureInfo.InvariantCulture, $"registry.example.com/shop/service-{container:D2}:{tag}");

    private static string Name(int container) => string.Create(CultureInfo.InvariantCulture, $"app-{container:D2}");

    private static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    /// <summary>The pod as a user writes it: 50 containers with ports, env, resources, mounts and probes.</summary>
    private static JsonObject Config(int containers, string image, string logLevel, bool liveness)
    {
        var list = new JsonArray();
        for (var i = 0; i < containers; i++)
        {
            var changed = i == ChangedContainer;
            var container = new JsonObject
            {
                ["name"] = Name(i),
                ["image"] = changed ? image : Image(i, "1.4.2"),
                ["imagePullPolicy"] = "IfNotPresent",
                ["ports"] = new JsonArray(
                    new JsonObject { ["name"] = "http", ["containerPort"] = 8000 + i, ["protocol"] = "TCP" },
                    new JsonObject { ["name"] = "metrics", ["containerPort"] = 9000 + i, ["protocol"] = "TCP" }),
                ["env"] = new JsonArray(
                    new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = changed ? logLevel : "info" },
                    new JsonObject { ["name"] = "SERVICE_NAME", ["value"] = Name(i) },
                    new JsonObject { ["name"] = "DATABASE_URL", ["value"] = "postgres://db.shop.svc:5432/shop" },
                    new JsonObject { ["name"] = "CACHE_TTL_SECONDS", ["value"] = "300" },
                    new JsonObject
                    {
                        ["name"] = "POD_NAME",
                        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.name" } },
                    },
                    new JsonObject
                    {
                        ["name"] = "API_TOKEN",
                        ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "shop-secrets", ["key"] = "api-token" } },
                    }),
                ["resources"] = new JsonObject
                {
                    ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" },
                    ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" },
                },
                ["volumeMounts"] = new JsonArray(
                    new JsonObject { ["name"] = "config", ["mountPath"] = "/etc/shop", ["readOnly"] = true },
                    new JsonObject { ["name"] = "cache", ["mountPath"] = "/var/cache/shop" }),
                ["readinessProbe"] = new JsonObject
                {
                    ["httpGet"] = new JsonObject { ["path"] = "/ready", ["port"] = "http" },
                    ["periodSeconds"] = 5,
                    ["failureThreshold"] = 3,
                },
            };
            if (!changed || liveness)
            {
                container["livenessProbe"] = new JsonObject
                {
                    ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = "http" },
                    ["initialDelaySeconds"] = 10,
                    ["periodSeconds"] = 10,
                };
            }

            list.Add(container);
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = "shop",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["app"] = "shop", ["tier"] = "backend" },
                ["annotations"] = new JsonObject { ["team"] = "checkout" },
            },
            ["spec"] = new JsonObject
            {
                ["containers"] = list,
                ["volumes"] = new JsonArray(
                    new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = "shop-config" } },
                    new JsonObject { ["name"] = "cache", ["emptyDir"] = new JsonObject() }),
                ["restartPolicy"] = "Always",
                ["terminationGracePeriodSeconds"] = 30,
            },
        };
    }

    /// <summary>The configuration as the server stores it: identity fields added.</summary>
    private static JsonObject Stored(JsonObject config)
    {
        var stored = (JsonObject)config.DeepClone();
        AddServerFields(stored);
        return stored;
    }

    private static void AddServerFields(JsonObject obj)
    {
        var metadata = obj.Metadata();
        metadata["uid"] = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";
        metadata["creationTimestamp"] = ObjectJson.Timestamp(Now);
    }

    /// <summary>kubectl set image: the new image by merge key, and the list order so the server keeps it.</summary>
    private static JsonObject SetImage(int containers) => new()
    {
        ["spec"] = new JsonObject
        {
            ["$setElementOrder/containers"] = Order(containers, Name),
            ["containers"] = new JsonArray(new JsonObject { ["image"] = Image(ChangedContainer, "1.4.3"), ["name"] = Name(ChangedContainer) }),
        },
    };

    /// <summary>
    /// kubectl's three-way patch for the changed configuration: the new last-applied annotation, the env
    /// element that changed with the env order, the removed probe as null, and the container order.
    /// </summary>
    private static JsonObject ClientSideApply(int containers, JsonObject changed)
    {
        var envNames = changed["spec"]!["containers"]![ChangedContainer]!["env"]!.AsArray().Select(e => (string)e!["name"]!).ToArray();
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["annotations"] = new JsonObject { [LastApplied] = changed.ToJsonString() + "\n" },
            },
            ["spec"] = new JsonObject
            {
                ["$setElementOrder/containers"] = Order(containers, Name),
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["$setElementOrder/env"] = Order(envNames.Length, i => envNames[i]),
                    ["env"] = new JsonArray(new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = "debug" }),
                    ["livenessProbe"] = null,
                    ["name"] = Name(ChangedContainer),
                }),
            },
        };
    }

    private static JsonArray Order(int count, Func<int, string> name)
    {
        var order = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            order.Add(new JsonObject { ["name"] = name(i) });
        }

        return order;
    }
}
