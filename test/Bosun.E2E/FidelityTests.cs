using System.Globalization;
using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>
/// The everyday kubectl workflows beyond plain CRUD — apply, diff, dry runs, edit, explain, the set,
/// scale, patch, create and expose generators, output formats and wait — ending where a real cluster ends.
/// </summary>
public sealed class FidelityTests(BosunServer server) : IClassFixture<BosunServer>
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Apply_MultiDocumentFile_CreatesEachThenReportsUnchanged(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "apply-multi");
        var file = Manifests.Write(server, Manifests.WebApp("web"));

        var first = await kubectl.SucceedAsync("apply", "-n", ns, "-f", file);
        var second = await kubectl.SucceedAsync("apply", "-n", ns, "-f", file);

        Assert.Contains("configmap/web-config created", first, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web created", first, StringComparison.Ordinal);
        Assert.Contains("service/web created", first, StringComparison.Ordinal);
        Assert.Contains("configmap/web-config unchanged", second, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web unchanged", second, StringComparison.Ordinal);
        Assert.Contains("service/web unchanged", second, StringComparison.Ordinal);
        var lastApplied = await kubectl.SucceedAsync("get", "configmap", "web-config", "-n", ns, "-o", "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}");
        Assert.Contains("\"greeting\":\"hello\"", lastApplied, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Apply_Directory_AppliesEveryFile(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "apply-dir");
        var dir = Directory.CreateDirectory(Path.Combine(server.DataDir, "manifests", Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "one.yaml"), Manifests.ConfigMap("one", ns));
        await File.WriteAllTextAsync(Path.Combine(dir, "two.yaml"), Manifests.ConfigMap("two", ns, "k: two"));

        var output = await kubectl.SucceedAsync("apply", "-f", dir);

        Assert.Contains("configmap/one created", output, StringComparison.Ordinal);
        Assert.Contains("configmap/two created", output, StringComparison.Ordinal);
        Assert.Equal("two", await kubectl.SucceedAsync("get", "configmap", "two", "-n", ns, "-o", "jsonpath={.data.k}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task ApplyKustomize_Directory_AppliesTransformedObjects(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "apply-kust");
        var dir = Directory.CreateDirectory(Path.Combine(server.DataDir, "manifests", Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "app.yaml"), Manifests.WebApp("web"));
        await File.WriteAllTextAsync(Path.Combine(dir, "kustomization.yaml"), $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: {ns}
            namePrefix: k-
            commonLabels:
              stage: test
            resources:
            - app.yaml
            """);

        var output = await kubectl.SucceedAsync("apply", "-k", dir);

        Assert.Contains("configmap/k-web-config created", output, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/k-web created", output, StringComparison.Ordinal);
        Assert.Contains("service/k-web created", output, StringComparison.Ordinal);
        Assert.Equal("test/test", await kubectl.SucceedAsync("get", "deployment", "k-web", "-n", ns, "-o", "jsonpath={.metadata.labels.stage}/{.spec.selector.matchLabels.stage}"));
        Assert.Equal("test", await kubectl.SucceedAsync("get", "service", "k-web", "-n", ns, "-o", "jsonpath={.spec.selector.stage}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Apply_ChangedAndRemovedFields_ObjectEndsAsLastApplied(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "reapply");
        await kubectl.SucceedAsync("apply", "-n", ns, "-f", Manifests.Write(server, Settings(labels: "app: web\n    keep: me", data: "a: \"1\"\n  b: \"2\"", env: "- name: A\n          value: one\n        - name: B\n          value: two", replicas: 2)));
        // A field another writer set (not in the applied file) must survive the re-apply.
        await kubectl.SucceedAsync("label", "configmap", "settings", "-n", ns, "other=writer");

        var output = await kubectl.SucceedAsync("apply", "-n", ns, "-f", Manifests.Write(server, Settings(labels: "app: web", data: "a: \"3\"", env: "- name: A\n          value: uno", replicas: 3)));

        Assert.Contains("configmap/settings configured", output, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/settings configured", output, StringComparison.Ordinal);
        Assert.Equal("3||web||writer", await kubectl.SucceedAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.a}|{.data.b}|{.metadata.labels.app}|{.metadata.labels.keep}|{.metadata.labels.other}"));
        Assert.Equal("3 A=uno ", await kubectl.SucceedAsync("get", "deployment", "settings", "-n", ns, "-o", "jsonpath={.spec.replicas} {range .spec.template.spec.containers[0].env[*]}{.name}={.value} {end}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Diff_ChangedAndUnchangedFile_ExitCodeAndDiff(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "diff");
        var original = Manifests.Write(server, Manifests.ConfigMap("cfg", ns, "k: before"));
        await kubectl.SucceedAsync("apply", "-f", original);

        var same = await kubectl.RunAsync(["diff", "-f", original]);
        var changed = await kubectl.RunAsync(["diff", "-f", Manifests.Write(server, Manifests.ConfigMap("cfg", ns, "k: after"))]);

        Assert.True(same.ExitCode == 0, $"no changes should exit 0: {same}");
        Assert.Equal("", same.Stdout);
        Assert.True(changed.ExitCode == 1, $"changes should exit 1: {changed}");
        Assert.Contains("-  k: before", changed.Stdout, StringComparison.Ordinal);
        Assert.Contains("+  k: after", changed.Stdout, StringComparison.Ordinal);
        // The diff is a dry run: nothing changed.
        Assert.Equal("before", await kubectl.SucceedAsync("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.data.k}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateDryRunServer_ConfigMap_ReportsCreatedAndStoresNothing(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "dryrun");

        var output = await kubectl.SucceedAsync("create", "--dry-run=server", "-o", "yaml", "-f", Manifests.Write(server, Manifests.ConfigMap("ghost", ns)));

        // The server ran its defaulting: a dry-run answer carries a uid and timestamp like a real create.
        Assert.Contains("name: ghost", output, StringComparison.Ordinal);
        Assert.Contains("creationTimestamp:", output, StringComparison.Ordinal);
        Assert.Contains("uid:", output, StringComparison.Ordinal);
        var get = await kubectl.FailAsync("get", "configmap", "ghost", "-n", ns);
        Assert.Contains("configmaps \"ghost\" not found", get, StringComparison.Ordinal);
        var applied = await kubectl.SucceedAsync("apply", "--dry-run=server", "-f", Manifests.Write(server, Manifests.ConfigMap("ghost2", ns)));
        Assert.Contains("configmap/ghost2 created (server dry run)", applied, StringComparison.Ordinal);
        await kubectl.FailAsync("get", "configmap", "ghost2", "-n", ns);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Edit_EditorScriptChangesField_ObjectUpdated(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "edit");
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap("editable", ns, "k: old-value")));
        var editor = Path.Combine(server.DataDir, "editor-" + Guid.NewGuid().ToString("N") + ".sh");
        await File.WriteAllTextAsync(editor, "sed -i 's/old-value/new-value/' \"$1\"\n");

        var result = await kubectl.RunAsync(["edit", "configmap", "editable", "-n", ns], environment: new Dictionary<string, string> { ["KUBE_EDITOR"] = "sh " + editor });

        Assert.True(result.ExitCode == 0, $"edit failed: {result}");
        Assert.Contains("configmap/editable edited", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("new-value", await kubectl.SucceedAsync("get", "configmap", "editable", "-n", ns, "-o", "jsonpath={.data.k}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Explain_NestedFields_PrintUpstreamDescriptions(string version)
    {
        var kubectl = Kubectl.For(version, server);

        var containers = await kubectl.SucceedAsync("explain", "pod.spec.containers");
        var replicas = await kubectl.SucceedAsync("explain", "deployment.spec.replicas");
        var recursive = await kubectl.SucceedAsync("explain", "deployment.spec", "--recursive");

        Assert.Contains("KIND:       Pod", containers, StringComparison.Ordinal);
        Assert.Contains("List of containers belonging to the pod.", containers, StringComparison.Ordinal);
        Assert.Contains("imagePullPolicy", containers, StringComparison.Ordinal);
        Assert.Contains("Image pull policy.", containers, StringComparison.Ordinal);
        Assert.Contains("Number of desired pods.", replicas, StringComparison.Ordinal);
        Assert.Contains("DeploymentSpec is the specification of the desired behavior of the", recursive, StringComparison.Ordinal);
        Assert.Contains("maxUnavailable", recursive, StringComparison.Ordinal);
        Assert.Contains("containers", recursive, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task SetImageAndSetEnv_Deployment_UpdatesTemplate(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "set");

        var image = await kubectl.SucceedAsync("set", "image", "deployment/web", "web=busybox:1.37", "-n", ns);
        var env = await kubectl.SucceedAsync("set", "env", "deployment/web", "GREETING=hi", "MODE=test", "-n", ns);

        Assert.Contains("deployment.apps/web image updated", image, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web env updated", env, StringComparison.Ordinal);
        Assert.Equal("busybox:1.37 GREETING=hi MODE=test ", await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image} {range .spec.template.spec.containers[0].env[*]}{.name}={.value} {end}"));
        var listed = await kubectl.SucceedAsync("set", "env", "deployment/web", "--list", "-n", ns);
        Assert.Contains("GREETING=hi", listed, StringComparison.Ordinal);
        var removed = await kubectl.SucceedAsync("set", "env", "deployment/web", "MODE-", "-n", ns);
        Assert.Contains("deployment.apps/web env updated", removed, StringComparison.Ordinal);
        Assert.Equal("GREETING ", await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={range .spec.template.spec.containers[0].env[*]}{.name} {end}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Scale_Deployment_SetsReplicas(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "scale");

        var output = await kubectl.SucceedAsync("scale", "deployment/web", "--replicas=5", "-n", ns);
        var conditional = await kubectl.FailAsync("scale", "deployment/web", "--current-replicas=2", "--replicas=1", "-n", ns);

        Assert.Contains("deployment.apps/web scaled", output, StringComparison.Ordinal);
        Assert.Contains("replicas to be 2, was 5", conditional, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("5", await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetOutputOptions_ConfigMaps_SortColumnsAndLabels(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "output");
        foreach (var (name, tier) in new[] { ("cherry", "back"), ("apple", "front"), ("banana", "middle") })
        {
            await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, $"""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {name}
                  namespace: {ns}
                  labels:
                    tier: {tier}
                data:
                  fruit: {name}
                """));
        }

        var sorted = await kubectl.SucceedAsync("get", "configmaps", "-l", "tier", "-n", ns, "--sort-by=.metadata.name", "-o", "name");
        var sortedByTier = await kubectl.SucceedAsync("get", "configmaps", "-l", "tier", "-n", ns, "--sort-by=.metadata.labels.tier", "-o", "custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier,FRUIT:.data.fruit");
        var showLabels = await kubectl.SucceedAsync("get", "configmaps", "apple", "-n", ns, "--show-labels");
        var labelColumn = await kubectl.SucceedAsync("get", "configmaps", "-l", "tier", "-n", ns, "-L", "tier", "--sort-by=.metadata.name");
        var wide = await kubectl.SucceedAsync("get", "configmaps", "-l", "tier", "-n", ns, "-o", "wide");

        Assert.Equal(["configmap/apple", "configmap/banana", "configmap/cherry"], Lines(sorted));
        Assert.Equal(["NAME TIER FRUIT", "cherry back cherry", "apple front apple", "banana middle banana"], Lines(sortedByTier).Select(Squeeze));
        Assert.Contains("LABELS", Lines(showLabels)[0], StringComparison.Ordinal);
        Assert.EndsWith("tier=front", Lines(showLabels)[1], StringComparison.Ordinal);
        Assert.EndsWith("TIER", Lines(labelColumn)[0], StringComparison.Ordinal);
        Assert.Equal(["apple", "banana", "cherry"], Lines(labelColumn).Skip(1).Select(l => l.Split(' ')[0]));
        Assert.EndsWith("middle", Lines(labelColumn)[2], StringComparison.Ordinal);
        Assert.StartsWith("NAME", Lines(wide)[0], StringComparison.Ordinal);
        Assert.Equal(4, Lines(wide).Length);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task WaitForJsonPath_FieldSetLater_Returns(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "wait");
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap("gate", ns, "state: closed")));

        var waiting = kubectl.RunAsync(["wait", "configmap/gate", "-n", ns, "--for=jsonpath={.data.state}=open", "--timeout=25s"], timeout: WaitTimeout);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await kubectl.SucceedAsync("patch", "configmap", "gate", "-n", ns, "-p", "{\"data\":{\"state\":\"open\"}}");
        var result = await waiting;

        Assert.True(result.ExitCode == 0, $"wait failed: {result}");
        Assert.Contains("configmap/gate condition met", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task PatchStrategic_ContainerByName_MergesList(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "patch");
        await kubectl.SucceedAsync("create", "-n", ns, "-f", Manifests.Write(server, """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: two
            spec:
              selector:
                matchLabels:
                  app: two
              template:
                metadata:
                  labels:
                    app: two
                spec:
                  containers:
                  - name: first
                    image: busybox:1.36
                  - name: second
                    image: busybox:1.36
            """));

        var output = await kubectl.SucceedAsync("patch", "deployment", "two", "-n", ns, "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"second\",\"image\":\"busybox:1.37\"}]}}}}");
        var unchanged = await kubectl.SucceedAsync("patch", "deployment", "two", "-n", ns, "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"second\",\"image\":\"busybox:1.37\"}]}}}}");

        Assert.Contains("deployment.apps/two patched", output, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/two patched (no change)", unchanged, StringComparison.Ordinal);
        Assert.Equal("first=busybox:1.36 second=busybox:1.37 ", await kubectl.SucceedAsync("get", "deployment", "two", "-n", ns, "-o", "jsonpath={range .spec.template.spec.containers[*]}{.name}={.image} {end}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateDeploymentAndExpose_Generators_CreateDeploymentAndService(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "expose");

        var created = await kubectl.SucceedAsync("create", "deployment", "api", "--image=busybox:1.36", "--replicas=2", "--port=8080", "-n", ns);
        var exposed = await kubectl.SucceedAsync("expose", "deployment", "api", "--port=80", "--target-port=8080", "-n", ns);

        Assert.Contains("deployment.apps/api created", created, StringComparison.Ordinal);
        Assert.Contains("service/api exposed", exposed, StringComparison.Ordinal);
        Assert.Equal("2 api api busybox:1.36 8080", await kubectl.SucceedAsync("get", "deployment", "api", "-n", ns, "-o", "jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.metadata.labels.app} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}"));
        Assert.Equal("api ClusterIP 80 8080 TCP", await kubectl.SucceedAsync("get", "service", "api", "-n", ns, "-o", "jsonpath={.spec.selector.app} {.spec.type} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.ports[0].protocol}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetAll_WebApp_ListsWorkloadsAndServices(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "all");

        var output = await kubectl.SucceedAsync("get", "all", "-n", ns, "-o", "name");

        var lines = Lines(output);
        Assert.Contains("deployment.apps/web", lines);
        Assert.Contains("service/web", lines);
        // ConfigMaps are not in the "all" category.
        Assert.DoesNotContain("configmap/web-config", lines);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task ApplyPrune_FileRemovedFromDirectory_DeletesLabelledObject(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "prune");
        var dir = Directory.CreateDirectory(Path.Combine(server.DataDir, "manifests", Guid.NewGuid().ToString("N"))).FullName;
        var labelled = (string name) => $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {name}
              namespace: {ns}
              labels:
                set: pruned
            """;
        await File.WriteAllTextAsync(Path.Combine(dir, "keep.yaml"), labelled("keep"));
        await File.WriteAllTextAsync(Path.Combine(dir, "drop.yaml"), labelled("drop"));
        await kubectl.SucceedAsync("apply", "-n", ns, "-f", dir, "-l", "set=pruned");
        File.Delete(Path.Combine(dir, "drop.yaml"));

        var output = await kubectl.SucceedAsync("apply", "-n", ns, "-f", dir, "-l", "set=pruned", "--prune", "--prune-allowlist=core/v1/ConfigMap");

        Assert.Contains("configmap/keep unchanged", output, StringComparison.Ordinal);
        Assert.Contains("configmap/drop pruned", output, StringComparison.Ordinal);
        Assert.Equal(["configmap/keep"], Lines(await kubectl.SucceedAsync("get", "configmaps", "-n", ns, "-l", "set=pruned", "-o", "name")));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task ApplyViewLastApplied_GetAndDeleteByFile_UseTheAppliedFile(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "by-file");
        var file = Manifests.Write(server, Manifests.WebApp("web"));
        await kubectl.SucceedAsync("apply", "-n", ns, "-f", file);

        var lastApplied = await kubectl.SucceedAsync("apply", "view-last-applied", "deployment/web", "-n", ns);
        var byFile = await kubectl.SucceedAsync("get", "-n", ns, "-f", file, "-o", "name");
        var deleted = await kubectl.SucceedAsync("delete", "-n", ns, "-f", file);

        Assert.Contains("kind: Deployment", lastApplied, StringComparison.Ordinal);
        Assert.Contains("image: busybox:1.36", lastApplied, StringComparison.Ordinal);
        Assert.DoesNotContain("resourceVersion", lastApplied, StringComparison.Ordinal);
        Assert.Equal(["configmap/web-config", "deployment.apps/web", "service/web"], Lines(byFile));
        Assert.Contains("deployment.apps \"web\" deleted", deleted, StringComparison.Ordinal);
        Assert.Contains("service \"web\" deleted", deleted, StringComparison.Ordinal);
        var gone = await kubectl.FailAsync("get", "-n", ns, "-f", file);
        Assert.Contains("not found", gone, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateGenerators_CommonKinds_CreateObjects(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "generators");
        var suffix = Names.For("", version);

        string[][] commands =
        [
            ["run", "pod1", "--image=busybox:1.36", "--labels=app=one", "--env=X=1", "--", "sleep", "3600"],
            ["create", "service", "clusterip", "svc1", "--tcp=80:8080"],
            ["create", "ingress", "ing1", "--rule=example.com/path=svc1:80"],
            ["create", "role", "r1", "--verb=get", "--resource=pods"],
            ["create", "rolebinding", "rb1", "--role=r1", "--user=alice"],
            ["create", "clusterrole", "cr" + suffix, "--verb=get,list", "--resource=deployments.apps"],
            ["create", "quota", "q1", "--hard=pods=10"],
            ["create", "poddisruptionbudget", "pdb1", "--selector=app=one", "--min-available=1"],
            ["create", "priorityclass", "pc" + suffix, "--value=100"],
            ["create", "serviceaccount", "sa1"],
            ["create", "cronjob", "cj1", "--image=busybox:1.36", "--schedule=*/5 * * * *", "--", "true"],
            ["create", "job", "j1", "--from=cronjob/cj1"],
            ["create", "secret", "generic", "s1", "--from-literal=password=secret"],
            ["create", "secret", "docker-registry", "dr1", "--docker-server=registry", "--docker-username=u", "--docker-password=p"],
            ["create", "configmap", "c1", "--from-literal=a=1", "--from-literal=b=2"],
            ["expose", "pod", "pod1", "--port=90", "--name=podsvc"],
        ];
        string[] expected =
        [
            "pod/pod1 created", "service/svc1 created", "ingress.networking.k8s.io/ing1 created",
            "role.rbac.authorization.k8s.io/r1 created", "rolebinding.rbac.authorization.k8s.io/rb1 created",
            $"clusterrole.rbac.authorization.k8s.io/cr{suffix} created", "resourcequota/q1 created",
            "poddisruptionbudget.policy/pdb1 created", $"priorityclass.scheduling.k8s.io/pc{suffix} created",
            "serviceaccount/sa1 created", "cronjob.batch/cj1 created", "job.batch/j1 created", "secret/s1 created",
            "secret/dr1 created", "configmap/c1 created", "service/podsvc exposed",
        ];

        for (var i = 0; i < commands.Length; i++)
        {
            Assert.Contains(expected[i], await kubectl.SucceedAsync(["-n", ns, .. commands[i]]), StringComparison.Ordinal);
        }

        Assert.Equal("one|X=1|sleep 3600", await kubectl.SucceedAsync("get", "pod", "pod1", "-n", ns, "-o", "jsonpath={.metadata.labels.app}|{.spec.containers[0].env[0].name}={.spec.containers[0].env[0].value}|{.spec.containers[0].args[*]}"));
        Assert.Equal("one 90", await kubectl.SucceedAsync("get", "service", "podsvc", "-n", ns, "-o", "jsonpath={.spec.selector.app} {.spec.ports[0].port}"));
        Assert.Equal("c2VjcmV0", await kubectl.SucceedAsync("get", "secret", "s1", "-n", ns, "-o", "jsonpath={.data.password}"));
        Assert.Equal("cj1", await kubectl.SucceedAsync("get", "job", "j1", "-n", ns, "-o", "jsonpath={.metadata.ownerReferences[0].name}"));
    }

    private static string Settings(string labels, string data, string env, int replicas) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          labels:
            {labels}
        data:
          {data}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: settings
        spec:
          replicas: {replicas.ToString(CultureInfo.InvariantCulture)}
          selector:
            matchLabels:
              app: settings
          template:
            metadata:
              labels:
                app: settings
            spec:
              containers:
              - name: main
                image: busybox:1.36
                env:
                {env}
        """;

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Squeeze(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
