using System.Text.Json.Nodes;
using Bosun.Api.Validation;

namespace Bosun.Api.Tests.Validation;

public class ObjectMetaValidatorTests
{
    private const string SubdomainError =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelError =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string NamePartError =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueError =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private static JsonObject Meta(string json) => JsonNode.Parse(json)!.AsObject();

    private static string[] Create(string json, bool namespaced = true) =>
        [.. ObjectMetaValidator.ValidateForCreate(Meta(json), namespaced, NameValidation.IsDns1123Subdomain).Select(e => e.ToString())];

    private static string[] Update(string newJson, string oldJson) =>
        [.. ObjectMetaValidator.ValidateForUpdate(Meta(newJson), Meta(oldJson)).Select(e => e.ToString())];

    [Fact]
    public void ValidateForCreate_CompleteMetadata_ReturnsNoErrors()
    {
        var errors = Create("""
            {"name":"web","namespace":"default","generation":1,
             "labels":{"app":"web","app.kubernetes.io/part-of":""},
             "annotations":{"Example.com/Note":"anything at all"},
             "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-1","uid":"u1","controller":true}],
             "finalizers":["kubernetes.io/pv-protection"]}
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public void ValidateForCreate_NoNameOrGenerateName_RequiresName()
    {
        Assert.Equal(["metadata.name: Required value: name or generateName is required"], Create("""{"namespace":"default"}"""));
    }

    [Fact]
    public void ValidateForCreate_InvalidName_ReportsValidatorMessage()
    {
        Assert.Equal([$"metadata.name: Invalid value: \"Foo_Bar\": {SubdomainError}"], Create("""{"name":"Foo_Bar","namespace":"default"}"""));
    }

    [Fact]
    public void ValidateForCreate_NameTooLong_ReportsLength()
    {
        var name = new string('a', 254);

        Assert.Equal([$"metadata.name: Invalid value: \"{name}\": must be no more than 253 characters"], Create($$"""{"name":"{{name}}","namespace":"default"}"""));
    }

    [Fact]
    public void ValidateForCreate_GenerateNameWithTrailingDash_IsAcceptedAsPrefix()
    {
        Assert.Empty(Create("""{"generateName":"web-","name":"web-x7k2p","namespace":"default"}"""));
    }

    [Fact]
    public void ValidateForCreate_InvalidGenerateName_ReportsGenerateNamePath()
    {
        Assert.Equal(
            [$"metadata.generateName: Invalid value: \"Web-\": {SubdomainError}", $"metadata.name: Invalid value: \"Web-abcde\": {SubdomainError}"],
            Create("""{"generateName":"Web-","name":"Web-abcde","namespace":"default"}"""));
    }

    [Fact]
    public void ValidateForCreate_PrefixAwareValidator_ReceivesPrefixFlag()
    {
        var meta = Meta("""{"generateName":"..","name":"a/b","namespace":"default"}""");

        var errors = ObjectMetaValidator.ValidateForCreate(meta, true, NameValidation.ValidatePathSegmentName);

        Assert.Equal(["metadata.name: Invalid value: \"a/b\": may not contain '/'"], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ValidateForCreate_NamespacedWithoutNamespace_RequiresNamespace()
    {
        Assert.Equal(["metadata.namespace: Required value"], Create("""{"name":"web"}"""));
    }

    [Fact]
    public void ValidateForCreate_InvalidNamespace_ReportsDnsLabelError()
    {
        Assert.Equal([$"metadata.namespace: Invalid value: \"Team_A\": {LabelError}"], Create("""{"name":"web","namespace":"Team_A"}"""));
        Assert.Equal(["metadata.namespace: Invalid value: \"a.b\": must not contain dots"], Create("""{"name":"web","namespace":"a.b"}"""));
    }

    [Fact]
    public void ValidateForCreate_ClusterScopedWithNamespace_ForbidsNamespace()
    {
        Assert.Equal(["metadata.namespace: Forbidden: not allowed on this type"], Create("""{"name":"node-1","namespace":"default"}""", namespaced: false));
        Assert.Empty(Create("""{"name":"node-1"}""", namespaced: false));
        Assert.Empty(Create("""{"name":"node-1","namespace":""}""", namespaced: false));
    }

    [Fact]
    public void ValidateForCreate_NegativeGeneration_IsInvalid()
    {
        Assert.Equal(
            ["metadata.generation: Invalid value: -1: must be greater than or equal to 0"],
            Create("""{"name":"web","namespace":"default","generation":-1}"""));
    }

    [Fact]
    public void ValidateForCreate_BadLabelKeyAndValue_ReportAtLabelsPath()
    {
        Assert.Equal(
            [
                $"metadata.labels: Invalid value: \"invalid label\": {NamePartError}",
                $"metadata.labels: Invalid value: \"spaces are not allowed\": {LabelValueError}",
            ],
            Create("""{"name":"web","namespace":"default","labels":{"invalid label":"spaces are not allowed"}}"""));
    }

    [Fact]
    public void ValidateForCreate_LabelValueTooLong_ReportsLength()
    {
        var value = new string('v', 64);

        Assert.Equal(
            [$"metadata.labels: Invalid value: \"{value}\": must be no more than 63 characters"],
            Create($$$"""{"name":"web","namespace":"default","labels":{"k":"{{{value}}}"}}"""));
    }

    [Fact]
    public void ValidateForCreate_AnnotationKeys_AreCheckedCaseInsensitively()
    {
        Assert.Empty(Create("""{"name":"web","namespace":"default","annotations":{"Example.COM/Some-Key":"v"}}"""));
        Assert.Equal(
            [$"metadata.annotations: Invalid value: \"bad key\": {NamePartError}"],
            Create("""{"name":"web","namespace":"default","annotations":{"bad key":"v"}}"""));
    }

    [Fact]
    public void ValidateForCreate_AnnotationsOverSizeLimit_AreTooLong()
    {
        var atLimit = new JsonObject { ["name"] = "web", ["namespace"] = "default", ["annotations"] = new JsonObject { ["k"] = new string('v', (256 * 1024) - 1) } };
        var overLimit = new JsonObject { ["name"] = "web", ["namespace"] = "default", ["annotations"] = new JsonObject { ["k"] = new string('v', 256 * 1024) } };

        Assert.Empty(ObjectMetaValidator.ValidateForCreate(atLimit, true, NameValidation.IsDns1123Subdomain));
        Assert.Equal(
            ["metadata.annotations: Too long: may not be more than 262144 bytes"],
            ObjectMetaValidator.ValidateForCreate(overLimit, true, NameValidation.IsDns1123Subdomain).Select(e => e.ToString()));
    }

    [Fact]
    public void ValidateForCreate_OwnerReferenceMissingFields_ReportsEach()
    {
        Assert.Equal(
            [
                "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty",
                "metadata.ownerReferences.kind: Invalid value: \"\": kind must not be empty",
                "metadata.ownerReferences.name: Invalid value: \"\": name must not be empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty",
            ],
            Create("""{"name":"web","namespace":"default","ownerReferences":[{}]}"""));
    }

    [Theory]
    [InlineData("apps/")]
    [InlineData("a/b/c")]
    [InlineData("/")]
    public void ValidateForCreate_OwnerReferenceApiVersionWithoutVersion_IsInvalid(string apiVersion)
    {
        Assert.Equal(
            [$"metadata.ownerReferences.apiVersion: Invalid value: \"{apiVersion}\": version must not be empty"],
            Create($$"""{"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"{{apiVersion}}","kind":"K","name":"n","uid":"u"}]}"""));
    }

    [Fact]
    public void ValidateForCreate_EventOwner_IsDisallowed()
    {
        Assert.Equal(
            ["metadata.ownerReferences: Invalid value: {\"apiVersion\":\"v1\",\"kind\":\"Event\",\"name\":\"e\",\"uid\":\"u\"}: /v1, Kind=Event is disallowed from being an owner"],
            Create("""{"name":"web","namespace":"default","ownerReferences":[{"uid":"u","name":"e","kind":"Event","apiVersion":"v1"}]}"""));
    }

    [Fact]
    public void ValidateForCreate_TwoControllers_IsInvalid()
    {
        var errors = Create("""
            {"name":"web","namespace":"default","ownerReferences":[
              {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"a","uid":"1","controller":true},
              {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"b","uid":"2","controller":false},
              {"apiVersion":"apps/v1","kind":"StatefulSet","name":"c","uid":"3","controller":true}]}
            """);

        var error = Assert.Single(errors);
        Assert.StartsWith("metadata.ownerReferences: Invalid value: [{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"a\",\"uid\":\"1\",\"controller\":true},", error, StringComparison.Ordinal);
        Assert.EndsWith(": Only one reference can have Controller set to true. Found \"true\" in references for ReplicaSet/a and StatefulSet/c", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateForCreate_BadFinalizer_IsInvalid()
    {
        Assert.Equal(
            [$"metadata.finalizers: Invalid value: \"bad finalizer\": {NamePartError}"],
            Create("""{"name":"web","namespace":"default","finalizers":["foregroundDeletion","bad finalizer"]}"""));
    }

    [Fact]
    public void ValidateForCreate_OrphanAndForegroundFinalizers_Conflict()
    {
        Assert.Equal(
            ["metadata.finalizers: Invalid value: [\"orphan\",\"foregroundDeletion\"]: finalizer orphan and foregroundDeletion cannot be both set"],
            Create("""{"name":"web","namespace":"default","finalizers":["orphan","foregroundDeletion"]}"""));
    }

    [Fact]
    public void ValidateForCreate_WrongJsonTypes_AreTypeErrors()
    {
        var errors = ObjectMetaValidator.ValidateForCreate(
            Meta("""{"name":5,"namespace":"default","labels":{"a":1},"generation":"x","finalizers":"f"}"""),
            true,
            NameValidation.IsDns1123Subdomain);

        Assert.All(errors.Where(e => e.Field != "metadata.name" || e.Type != FieldErrorType.Required), e => Assert.Equal(FieldErrorType.TypeInvalid, e.Type));
        Assert.Contains("metadata.name: Invalid value: 5: must be of type string", errors.Select(e => e.ToString()));
        Assert.Contains("metadata.labels[a]: Invalid value: 1: must be of type string", errors.Select(e => e.ToString()));
        Assert.Contains("metadata.generation: Invalid value: \"x\": must be of type int64", errors.Select(e => e.ToString()));
        Assert.Contains("metadata.finalizers: Invalid value: \"f\": must be of type array", errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ValidateForCreate_ErrorsFormatIntoKubernetesInvalidMessage()
    {
        var errors = ObjectMetaValidator.ValidateForCreate(Meta("""{"name":"Foo_Bar"}"""), true, NameValidation.IsDns1123Subdomain);

        Assert.Equal(
            $"Pod \"Foo_Bar\" is invalid: [metadata.name: Invalid value: \"Foo_Bar\": {SubdomainError}, metadata.namespace: Required value]",
            FieldError.FormatInvalidMessage("Pod", "", "Foo_Bar", errors));
    }

    private const string Stored = """
        {"name":"web","namespace":"default","uid":"u-1","resourceVersion":"5","generation":2,
         "creationTimestamp":"2024-05-01T10:00:00Z","labels":{"app":"web"},"finalizers":["a.io/x"]}
        """;

    [Fact]
    public void ValidateForUpdate_Unchanged_ReturnsNoErrors()
    {
        Assert.Empty(Update(Stored, Stored));
    }

    [Fact]
    public void ValidateForUpdate_NoResourceVersion_IsInvalid()
    {
        var updated = Meta(Stored);
        updated.Remove("resourceVersion");

        Assert.Equal(
            ["metadata.resourceVersion: Invalid value: \"\": must be specified for an update"],
            ObjectMetaValidator.ValidateForUpdate(updated, Meta(Stored)).Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("name", "other")]
    [InlineData("namespace", "kube-system")]
    [InlineData("uid", "u-2")]
    public void ValidateForUpdate_ChangedIdentity_IsImmutable(string field, string value)
    {
        var updated = Meta(Stored);
        updated[field] = value;

        Assert.Equal(
            [$"metadata.{field}: Invalid value: \"{value}\": field is immutable"],
            ObjectMetaValidator.ValidateForUpdate(updated, Meta(Stored)).Select(e => e.ToString()));
    }

    [Fact]
    public void ValidateForUpdate_CreationTimestamp_ComparesInstants()
    {
        var sameInstant = Meta(Stored);
        sameInstant["creationTimestamp"] = "2024-05-01T12:00:00+02:00";
        var changed = Meta(Stored);
        changed["creationTimestamp"] = "2024-05-02T10:00:00Z";

        Assert.Empty(ObjectMetaValidator.ValidateForUpdate(sameInstant, Meta(Stored)));
        Assert.Equal(
            ["metadata.creationTimestamp: Invalid value: \"2024-05-02T10:00:00Z\": field is immutable"],
            ObjectMetaValidator.ValidateForUpdate(changed, Meta(Stored)).Select(e => e.ToString()));
    }

    [Fact]
    public void ValidateForUpdate_DeletionFieldsSetByClient_AreImmutable()
    {
        var updated = Meta(Stored);
        updated["deletionTimestamp"] = "2024-05-03T00:00:00Z";
        updated["deletionGracePeriodSeconds"] = 30;

        Assert.Equal(
            [
                "metadata.deletionTimestamp: Invalid value: \"2024-05-03T00:00:00Z\": field is immutable",
                "metadata.deletionGracePeriodSeconds: Invalid value: 30: field is immutable",
            ],
            ObjectMetaValidator.ValidateForUpdate(updated, Meta(Stored)).Select(e => e.ToString()));
    }

    [Fact]
    public void ValidateForUpdate_DeletionTimestampCleared_ShowsNull()
    {
        var old = Meta(Stored);
        old["deletionTimestamp"] = "2024-05-03T00:00:00Z";
        var updated = Meta(Stored);

        Assert.Equal(
            ["metadata.deletionTimestamp: Invalid value: null: field is immutable"],
            ObjectMetaValidator.ValidateForUpdate(updated, old).Select(e => e.ToString()));
    }

    [Fact]
    public void ValidateForUpdate_GenerationDecremented_IsInvalid()
    {
        var updated = Meta(Stored);
        updated["generation"] = 1;

        Assert.Equal(
            ["metadata.generation: Invalid value: 1: must not be decremented"],
            ObjectMetaValidator.ValidateForUpdate(updated, Meta(Stored)).Select(e => e.ToString()));
    }

    [Fact]
    public void ValidateForUpdate_NewFinalizersWhileDeleting_AreForbidden()
    {
        var old = Meta(Stored);
        old["deletionTimestamp"] = "2024-05-03T00:00:00Z";
        var updated = Meta(Stored);
        updated["deletionTimestamp"] = "2024-05-03T00:00:00Z";
        updated["finalizers"] = new JsonArray("a.io/x", "z.io/z", "b.io/b");

        Assert.Equal(
            ["metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"b.io/b\", \"z.io/z\"}"],
            ObjectMetaValidator.ValidateForUpdate(updated, old).Select(e => e.ToString()));
    }

    [Fact]
    public void ValidateForUpdate_RemovingFinalizersWhileDeleting_IsAllowed()
    {
        var old = Meta(Stored);
        old["deletionTimestamp"] = "2024-05-03T00:00:00Z";
        var updated = Meta(Stored);
        updated["deletionTimestamp"] = "2024-05-03T00:00:00Z";
        updated["finalizers"] = new JsonArray();

        Assert.Empty(ObjectMetaValidator.ValidateForUpdate(updated, old));
    }

    [Fact]
    public void ValidateForUpdate_NewFinalizersWhenNotDeleting_AreAllowed()
    {
        var updated = Meta(Stored);
        updated["finalizers"] = new JsonArray("a.io/x", "b.io/y");

        Assert.Empty(ObjectMetaValidator.ValidateForUpdate(updated, Meta(Stored)));
    }

    [Fact]
    public void ValidateForUpdate_InvalidLabelsAndOwners_AreReported()
    {
        var updated = Meta(Stored);
        updated["labels"] = new JsonObject { ["app"] = "-bad" };
        updated["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["name"] = "p" });

        Assert.Equal(
            [
                $"metadata.labels: Invalid value: \"-bad\": {LabelValueError}",
                "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty",
            ],
            ObjectMetaValidator.ValidateForUpdate(updated, Meta(Stored)).Select(e => e.ToString()));
    }
}
