using System.Text.Json;
using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>Creating, reading, changing and deleting objects with the everyday kubectl commands.</summary>
public sealed class ResourceTests(BosunServer server) : IClassFixture<BosunServer>
{
    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateFile_MultiDocumentYaml_CreatesEachObject(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "create");

        var output = await kubectl.SucceedAsync("create", "-n", ns, "-f", Manifests.Write(server, Manifests.WebApp("web")));

        Assert.Contains("configmap/web-config created", output, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web created", output, StringComparison.Ordinal);
        Assert.Contains("service/web created", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetOutputYaml_Deployment_PrintsStoredObjectWithDefaults(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "yaml");

        var output = await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "yaml");

        Assert.Contains("apiVersion: apps/v1", output, StringComparison.Ordinal);
        Assert.Contains("kind: Deployment", output, StringComparison.Ordinal);
        Assert.Contains($"namespace: {ns}", output, StringComparison.Ordinal);
        Assert.Contains("replicas: 2", output, StringComparison.Ordinal);
        Assert.Contains("resourceVersion:", output, StringComparison.Ordinal);
        Assert.Contains("uid:", output, StringComparison.Ordinal);
        Assert.Contains("creationTimestamp:", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateFile_Deployment_AppliesKubernetesDefaults(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "defaults");

        var output = await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.strategy.type}/{.spec.revisionHistoryLimit}/{.spec.template.spec.containers[0].imagePullPolicy}/{.spec.template.spec.restartPolicy}");

        // What kube-apiserver's defaulting (pkg/apis/apps/v1/defaults.go, core/v1/defaults.go) stores.
        Assert.Equal("RollingUpdate/10/IfNotPresent/Always", output);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetOutputJson_Service_PrintsObjectWithClusterIP(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "json");

        var output = await kubectl.SucceedAsync("get", "service", "web", "-n", ns, "-o", "json");

        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("Service", root.GetProperty("kind").GetString());
        Assert.Equal("web", root.GetProperty("metadata").GetProperty("name").GetString());
        var spec = root.GetProperty("spec");
        Assert.Equal("ClusterIP", spec.GetProperty("type").GetString());
        Assert.Equal(80, spec.GetProperty("ports")[0].GetProperty("port").GetInt32());
        Assert.Equal("TCP", spec.GetProperty("ports")[0].GetProperty("protocol").GetString());
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetOutputName_SeveralKinds_PrintsKindSlashName(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "name");

        var output = await kubectl.SucceedAsync("get", "configmaps,deployments,services", "-n", ns, "-o", "name");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("configmap/web-config", lines);
        Assert.Contains("deployment.apps/web", lines);
        Assert.Contains("service/web", lines);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetOutputJsonpath_ConfigMap_PrintsSelectedField(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "jsonpath");

        var output = await kubectl.SucceedAsync("get", "configmap", "web-config", "-n", ns, "-o", "jsonpath={.data.greeting}/{.metadata.labels.tier}");

        Assert.Equal("hello/config", output);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetLabelSelector_MatchingAndNot_PrintsOnlyMatching(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "labels");
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap("unlabelled", ns)));

        var matching = await kubectl.SucceedAsync("get", "configmaps", "-n", ns, "-l", "app=web,tier=config", "-o", "name");
        var notMatching = await kubectl.SucceedAsync("get", "configmaps", "-n", ns, "-l", "!app", "-o", "name");

        Assert.Equal("configmap/web-config", matching.Trim());
        Assert.Contains("configmap/unlabelled", notMatching, StringComparison.Ordinal);
        Assert.DoesNotContain("web-config", notMatching, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetFieldSelector_MetadataName_PrintsOnlyThatObject(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "fields");
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap("other", ns)));

        var output = await kubectl.SucceedAsync("get", "configmaps", "-n", ns, "--field-selector", "metadata.name=other", "-o", "name");

        Assert.Equal("configmap/other", output.Trim());
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetAllNamespaces_ObjectsInTwoNamespaces_PrintsNamespaceColumn(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "all-a");
        var (_, other) = await server.NamespaceAsync(version, "all-b");
        var name = Names.For("everywhere", version);
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap(name, ns)));
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap(name, other)));

        var output = await kubectl.SucceedAsync("get", "configmaps", "-A", "--field-selector", "metadata.name=" + name);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAMESPACE", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith(ns + " ", StringComparison.Ordinal) && l.Contains(name, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(other + " ", StringComparison.Ordinal) && l.Contains(name, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task DescribeConfigMap_WithData_PrintsNameLabelsAndData(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "describe");

        var output = await kubectl.SucceedAsync("describe", "configmap", "web-config", "-n", ns);

        Assert.Matches(@"Name:\s+web-config", output);
        Assert.Matches($@"Namespace:\s+{ns}", output);
        Assert.Matches(@"Labels:\s+app=web", output);
        Assert.Contains("greeting:", output, StringComparison.Ordinal);
        Assert.Contains("hello", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Label_AddOverwriteRemove_LabelsFollow(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "label");

        Assert.Contains("configmap/web-config labeled", await kubectl.SucceedAsync("label", "configmap", "web-config", "-n", ns, "color=red"), StringComparison.Ordinal);
        var refused = await kubectl.FailAsync("label", "configmap", "web-config", "-n", ns, "color=blue");
        await kubectl.SucceedAsync("label", "configmap", "web-config", "-n", ns, "color=blue", "--overwrite");
        await kubectl.SucceedAsync("label", "configmap", "web-config", "-n", ns, "tier-");

        Assert.Contains("'color' already has a value (red)", refused, StringComparison.Ordinal);
        var labels = await kubectl.SucceedAsync("get", "configmap", "web-config", "-n", ns, "-o", "jsonpath={.metadata.labels}");
        using var doc = JsonDocument.Parse(labels);
        Assert.Equal("blue", doc.RootElement.GetProperty("color").GetString());
        Assert.False(doc.RootElement.TryGetProperty("tier", out _));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Annotate_NewKey_AnnotationStored(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "annotate");

        var output = await kubectl.SucceedAsync("annotate", "deployment", "web", "-n", ns, "example.com/owner=team-a");

        Assert.Contains("deployment.apps/web annotate", output, StringComparison.Ordinal);
        Assert.Equal("team-a", await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.metadata.annotations.example\\.com/owner}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task PatchMerge_ConfigMapData_MergesKeys(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "merge");

        var output = await kubectl.SucceedAsync("patch", "configmap", "web-config", "-n", ns, "--type", "merge", "-p", """{"data":{"extra":"x","greeting":null}}""");

        Assert.Contains("configmap/web-config patched", output, StringComparison.Ordinal);
        Assert.Equal("""{"extra":"x"}""", await kubectl.SucceedAsync("get", "configmap", "web-config", "-n", ns, "-o", "jsonpath={.data}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task PatchJson_DeploymentReplicas_ReplacesValue(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "jsonpatch");

        var output = await kubectl.SucceedAsync("patch", "deployment", "web", "-n", ns, "--type", "json", "-p", """[{"op":"replace","path":"/spec/replicas","value":5}]""");

        Assert.Contains("deployment.apps/web patched", output, StringComparison.Ordinal);
        Assert.Equal("5", await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task PatchJson_FailedTest_FailsAndLeavesObject(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "jsontest");

        var output = await kubectl.FailAsync("patch", "configmap", "web-config", "-n", ns, "--type", "json", "-p", """[{"op":"test","path":"/data/greeting","value":"nope"},{"op":"remove","path":"/data/greeting"}]""");

        // kube-apiserver answers a failed "test" operation with 422 Invalid.
        Assert.Contains("The request is invalid", output, StringComparison.Ordinal);
        Assert.Equal("hello", await kubectl.SucceedAsync("get", "configmap", "web-config", "-n", ns, "-o", "jsonpath={.data.greeting}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task ReplaceFile_ChangedData_ReplacesObject(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "replace");

        var output = await kubectl.SucceedAsync("replace", "-f", Manifests.Write(server, Manifests.ConfigMap("web-config", ns, "greeting: bonjour")));

        Assert.Contains("configmap/web-config replaced", output, StringComparison.Ordinal);
        Assert.Equal("bonjour", await kubectl.SucceedAsync("get", "configmap", "web-config", "-n", ns, "-o", "jsonpath={.data.greeting}"));
        // replace sends the whole object: the labels the file lacks are gone.
        Assert.Equal("", await kubectl.SucceedAsync("get", "configmap", "web-config", "-n", ns, "-o", "jsonpath={.metadata.labels}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Delete_ByName_WaitsAndObjectIsGone(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "delete");

        var output = await kubectl.SucceedAsync("delete", "configmap", "web-config", "-n", ns);

        Assert.Contains("configmap \"web-config\" deleted", output, StringComparison.Ordinal);
        var missing = await kubectl.FailAsync("get", "configmap", "web-config", "-n", ns);
        Assert.Contains("configmaps \"web-config\" not found", missing, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Delete_LabelSelector_DeletesOnlyMatching(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "delete-l");
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap("keep", ns)));

        var output = await kubectl.SucceedAsync("delete", "configmaps,deployments,services", "-n", ns, "-l", "app=web");

        Assert.Contains("configmap \"web-config\" deleted", output, StringComparison.Ordinal);
        Assert.Contains("deployment.apps \"web\" deleted", output, StringComparison.Ordinal);
        Assert.Contains("service \"web\" deleted", output, StringComparison.Ordinal);
        var left = await kubectl.SucceedAsync("get", "configmaps,deployments,services", "-n", ns, "-o", "name");
        Assert.Contains("configmap/keep", left, StringComparison.Ordinal);
        Assert.DoesNotContain("web", left, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Delete_All_EmptiesNamespaceOfThatKind(string version)
    {
        var (kubectl, ns) = await server.WebAppAsync(version, "delete-all");
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap("second", ns)));

        await kubectl.SucceedAsync("delete", "configmaps", "--all", "-n", ns);

        var left = await kubectl.RunAsync(["get", "configmaps", "-n", ns]);
        Assert.Equal(0, left.ExitCode);
        Assert.Equal("", left.Stdout);
        Assert.Contains($"No resources found in {ns} namespace.", left.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task DeleteNamespace_WithObjects_NamespaceTerminatesAndRefusesNewContent(string version)
    {
        // The namespace controller empties and removes the namespace; an object with a finalizer keeps it in the
        // Terminating phase, where the API refuses new content.
        var (kubectl, ns) = await server.WebAppAsync(version, "delete-ns");
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: held
              namespace: {ns}
              finalizers: ["example.com/hold"]
            """));

        var output = await kubectl.SucceedAsync("delete", "namespace", ns, "--wait=false");

        Assert.Contains($"namespace \"{ns}\" deleted", output, StringComparison.Ordinal);
        Assert.Equal("Terminating", await kubectl.SucceedAsync("get", "namespace", ns, "-o", "jsonpath={.status.phase}"));
        var refused = await kubectl.FailAsync("create", "-f", Manifests.Write(server, $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: late
              namespace: {ns}
            """));
        Assert.Contains($"unable to create new content in namespace {ns} because it is being terminated", refused, StringComparison.Ordinal);
        await kubectl.SucceedAsync("patch", "configmap", "held", "-n", ns, "--type=merge", "-p", """{"metadata":{"finalizers":null}}""");
    }

    // kubectl 1.32+ may send these typed create commands as protobuf bodies.
    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateNamespace_NewName_NamespaceIsActive(string version)
    {
        var kubectl = Kubectl.For(version, server);
        var ns = Names.For("created-ns", version);

        var output = await kubectl.SucceedAsync("create", "namespace", ns);

        Assert.Contains($"namespace/{ns} created", output, StringComparison.Ordinal);
        Assert.Equal("Active", await kubectl.SucceedAsync("get", "namespace", ns, "-o", "jsonpath={.status.phase}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateConfigMap_FromLiteral_StoresData(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "literal");

        var output = await kubectl.SucceedAsync("create", "configmap", "settings", "-n", ns, "--from-literal=mode=fast", "--from-literal=level=3");

        Assert.Contains("configmap/settings created", output, StringComparison.Ordinal);
        Assert.Equal("3/fast", await kubectl.SucceedAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.level}/{.data.mode}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateSecretGeneric_FromLiteral_StoresBase64Data(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "secret");

        var output = await kubectl.SucceedAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=password=s3cret");

        Assert.Contains("secret/creds created", output, StringComparison.Ordinal);
        Assert.Equal("czNjcmV0", await kubectl.SucceedAsync("get", "secret", "creds", "-n", ns, "-o", "jsonpath={.data.password}"));
        Assert.Equal("Opaque", await kubectl.SucceedAsync("get", "secret", "creds", "-n", ns, "-o", "jsonpath={.type}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetEvents_EventCreated_PrintsEventRow(string version)
    {
        var (kubectl, ns) = await server.NamespaceAsync(version, "events");
        var empty = await kubectl.RunAsync(["get", "events", "-n", ns]);
        var eventYaml = $"""
            apiVersion: v1
            kind: Event
            metadata:
              name: e2e.1
              namespace: {ns}
            involvedObject:
              apiVersion: v1
              kind: ConfigMap
              name: subject
              namespace: {ns}
            reason: E2ETested
            message: the e2e suite was here
            type: Normal
            firstTimestamp: "2024-01-01T00:00:00Z"
            lastTimestamp: "2024-01-01T00:00:00Z"
            count: 1
            source:
              component: bosun-e2e
            """;
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, eventYaml));

        var output = await kubectl.SucceedAsync("get", "events", "-n", ns);

        Assert.Equal(0, empty.ExitCode);
        Assert.Contains($"No resources found in {ns} namespace.", empty.Stderr, StringComparison.Ordinal);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("LAST SEEN", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("E2ETested", StringComparison.Ordinal) && l.Contains("configmap/subject", StringComparison.Ordinal) && l.Contains("the e2e suite was here", StringComparison.Ordinal));
    }
}
