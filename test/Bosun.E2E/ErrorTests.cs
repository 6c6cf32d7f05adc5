using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>Bad input: what kubectl prints must be what it prints against a real Kubernetes API server.</summary>
public sealed class ErrorTests(BosunServer server) : IClassFixture<BosunServer>
{
    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateFile_MalformedYaml_FailsWithParseError(string version)
    {
        var kubectl = Kubectl.For(version, server);
        var file = Manifests.Write(server, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n data: [\n");

        var output = await kubectl.FailAsync("create", "-f", file);

        Assert.Contains("error converting YAML to JSON", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateFile_UnknownField_FailsWithStrictDecodingError(string version)
    {
        var kubectl = Kubectl.For(version, server);
        var name = Names.For("unknown-field", version);
        var file = Manifests.Write(server, $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\nbogus: 1\ndata:\n  a: b\n");

        var output = await kubectl.FailAsync("create", "-f", file);

        // kubectl >= 1.25 sends fieldValidation=Strict for create -f; kube-apiserver answers 400 BadRequest.
        Assert.Contains("strict decoding error: unknown field \"bogus\"", output, StringComparison.Ordinal);
        await kubectl.FailAsync("get", "configmap", name);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateFile_InvalidName_FailsWithInvalidValue(string version)
    {
        var kubectl = Kubectl.For(version, server);
        var file = Manifests.Write(server, Manifests.ConfigMap("Bad_Name"));

        var output = await kubectl.FailAsync("create", "-f", file);

        Assert.Contains("The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"", output, StringComparison.Ordinal);
        Assert.Contains("RFC 1123 subdomain", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateFile_NonexistentNamespace_FailsWithNamespaceNotFound(string version)
    {
        var kubectl = Kubectl.For(version, server);
        var file = Manifests.Write(server, Manifests.ConfigMap("orphan", "nope"));

        var output = await kubectl.FailAsync("create", "-f", file);

        Assert.Contains("Error from server (NotFound)", output, StringComparison.Ordinal);
        Assert.Contains("namespaces \"nope\" not found", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Replace_StaleResourceVersion_FailsWithConflict(string version)
    {
        var kubectl = Kubectl.For(version, server);
        var name = Names.For("stale", version);
        await kubectl.SucceedAsync("create", "-f", Manifests.Write(server, Manifests.ConfigMap(name)));
        var stale = Manifests.Write(server, await kubectl.SucceedAsync("get", "configmap", name, "-o", "yaml"));
        await kubectl.SucceedAsync("label", "configmap", name, "changed=yes");

        var output = await kubectl.FailAsync("replace", "-f", stale);

        Assert.Contains("Error from server (Conflict)", output, StringComparison.Ordinal);
        Assert.Contains($"Operation cannot be fulfilled on configmaps \"{name}\": the object has been modified", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task CreateFile_ObjectExists_FailsWithAlreadyExists(string version)
    {
        var kubectl = Kubectl.For(version, server);
        var file = Manifests.Write(server, Manifests.ConfigMap(Names.For("twice", version)));
        await kubectl.SucceedAsync("create", "-f", file);

        var output = await kubectl.FailAsync("create", "-f", file);

        Assert.Contains("Error from server (AlreadyExists)", output, StringComparison.Ordinal);
        Assert.Contains($"configmaps \"{Names.For("twice", version)}\" already exists", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Get_Missing_FailsWithNotFound(string version)
    {
        var kubectl = Kubectl.For(version, server);

        var output = await kubectl.FailAsync("get", "configmap", "does-not-exist");

        Assert.Contains("Error from server (NotFound): configmaps \"does-not-exist\" not found", output, StringComparison.Ordinal);
    }
}
