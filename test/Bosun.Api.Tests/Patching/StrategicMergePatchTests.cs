using System.Text;
using System.Text.Json.Nodes;
using Bosun.Api.Patching;

namespace Bosun.Api.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    private const string TwoContainerPod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
         "spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}
        """;

    private static JsonObject Apply(string original, string patch, string group = "", string kind = "Pod") =>
        StrategicMergePatch.Apply(JsonNode.Parse(original)!.AsObject(), Encoding.UTF8.GetBytes(patch), group, kind);

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), actual),
            $"expected {JsonNode.Parse(expected)!.ToJsonString()} but got {actual?.ToJsonString() ?? "null"}");

    private static PatchException Fails(string original, string patch, string group = "", string kind = "Pod") =>
        Assert.Throws<PatchException>(() => Apply(original, patch, group, kind));

    private static string Containers(JsonNode result, string listPath = "spec.containers")
    {
        JsonNode node = result;
        foreach (var part in listPath.Split('.'))
        {
            node = node[part]!;
        }

        return string.Join(",", node.AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Apply_ContainerWithSameName_MergesInPlace()
    {
        var result = Apply(TwoContainerPod, """{"spec":{"containers":[{"name":"b","image":"b:2"}]}}""");
        AssertJson("""[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]""", result["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_NewContainerWithoutOrder_GoesFirstAsInKubernetes()
    {
        var result = Apply(TwoContainerPod, """{"spec":{"containers":[{"name":"c","image":"c:1"}]}}""");
        Assert.Equal("c,a,b", Containers(result));
    }

    [Fact]
    public void Apply_SetElementOrder_OrdersMergedList()
    {
        var result = Apply(
            TwoContainerPod,
            """{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"c"},{"name":"b"}],"containers":[{"name":"c","image":"c:1"}]}}""");
        Assert.Equal("a,c,b", Containers(result));
        Assert.Null(result["spec"]!["$setElementOrder/containers"]);
    }

    [Fact]
    public void Apply_SetElementOrderAlone_ReordersExistingList()
    {
        var result = Apply(TwoContainerPod, """{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}""");
        Assert.Equal("b,a", Containers(result));
        Assert.Equal("b:1", result["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_SetElementOrderOutOfOrderWithPatch_Is500()
    {
        var e = Fails(
            TwoContainerPod,
            """{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"b","image":"x"},{"name":"a","image":"y"}]}}""");
        Assert.Equal(500, e.StatusCode);
        Assert.StartsWith("The order in patch list:\n[map[image:x name:b] map[image:y name:a]]\n doesn't match $setElementOrder list:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_DeleteDirectiveInList_RemovesElement()
    {
        var result = Apply(TwoContainerPod, """{"spec":{"containers":[{"name":"a","$patch":"delete"}]}}""");
        Assert.Equal("b", Containers(result));
    }

    [Fact]
    public void Apply_ReplaceDirectiveInList_ReplacesWholeList()
    {
        var result = Apply(TwoContainerPod, """{"spec":{"containers":[{"name":"x","image":"x:1"},{"$patch":"replace"}]}}""");
        AssertJson("""[{"name":"x","image":"x:1"}]""", result["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_MergeDirectiveInList_Is500LikeKubernetes()
    {
        var e = Fails(TwoContainerPod, """{"spec":{"containers":[{"$patch":"merge"}]}}""");
        Assert.Equal(500, e.StatusCode);
        Assert.Equal("merging lists cannot yet be specified in the patch", e.Message);
    }

    [Fact]
    public void Apply_ReplaceDirectiveOnMap_ReplacesMap()
    {
        var result = Apply(
            """{"metadata":{"name":"p","labels":{"a":"1","b":"2"}}}""",
            """{"metadata":{"labels":{"$patch":"replace","c":"3"}}}""");
        AssertJson("""{"name":"p","labels":{"c":"3"}}""", result["metadata"]);
    }

    [Fact]
    public void Apply_DeleteDirectiveOnMap_EmptiesIt()
    {
        var result = Apply(
            """{"spec":{"affinity":{"nodeAffinity":{}},"containers":[]}}""",
            """{"spec":{"affinity":{"$patch":"delete"}}}""");
        AssertJson("""{"affinity":{},"containers":[]}""", result["spec"]);
    }

    [Fact]
    public void Apply_UnknownDirectiveOnMap_Is500WithGoMap()
    {
        var e = Fails("""{"metadata":{"labels":{"a":"1"}}}""", """{"metadata":{"labels":{"$patch":"foo","b":"2"}}}""");
        Assert.Equal(500, e.StatusCode);
        Assert.Equal(string.Empty, e.Reason);
        Assert.Equal("unknown patch type: foo in map: map[$patch:foo b:2]", e.Message);
    }

    [Fact]
    public void Apply_RetainKeys_ClearsOtherKeys()
    {
        var result = Apply(
            """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},"replicas":2}}""",
            """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""",
            "apps",
            "Deployment");
        AssertJson("""{"strategy":{"type":"Recreate"},"replicas":2}""", result["spec"]);
    }

    [Fact]
    public void Apply_RetainKeysInVolumeElement_SwitchesVolumeSource()
    {
        var result = Apply(
            """{"spec":{"volumes":[{"name":"v","emptyDir":{}},{"name":"w","emptyDir":{}}]}}""",
            """{"spec":{"volumes":[{"name":"v","$retainKeys":["configMap","name"],"configMap":{"name":"cm"}}]}}""");
        AssertJson("""[{"name":"v","configMap":{"name":"cm"}},{"name":"w","emptyDir":{}}]""", result["spec"]!["volumes"]);
    }

    [Fact]
    public void Apply_RetainKeysMissingPatchedKey_Is400()
    {
        var e = Fails("""{"spec":{"strategy":{"type":"A"}}}""", """{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{}}}}""", "apps", "Deployment");
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("invalid patch format of retainKeys", e.Message);
    }

    [Fact]
    public void Apply_FinalizersMergeAsSet_NewOnesFirstAsInKubernetes()
    {
        var result = Apply("""{"metadata":{"finalizers":["a","b"]}}""", """{"metadata":{"finalizers":["b","c"]}}""");
        AssertJson("""["a","b","c"]""", result["metadata"]!["finalizers"]);
        result = Apply("""{"metadata":{"finalizers":["a","b"]}}""", """{"metadata":{"finalizers":["c"]}}""");
        AssertJson("""["c","a","b"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Apply_DeleteFromPrimitiveList_RemovesValues()
    {
        var result = Apply("""{"metadata":{"finalizers":["a","b","c"]}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a","c"]}}""");
        AssertJson("""{"finalizers":["b"]}""", result["metadata"]);
    }

    [Fact]
    public void Apply_DeleteFromAbsentPrimitiveList_IsNoOp()
    {
        var result = Apply("""{"metadata":{"name":"x"}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""");
        AssertJson("""{"name":"x"}""", result["metadata"]);
    }

    [Fact]
    public void Apply_DeleteFromPrimitiveListWithoutField_Is400()
    {
        var e = Fails("""{"metadata":{}}""", """{"metadata":{"$deleteFromPrimitiveList":["a"]}}""");
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("invalid patch format of primitive list", e.Message);
    }

    [Fact]
    public void Apply_SetElementOrderOnPrimitives_Reorders()
    {
        var result = Apply(
            """{"metadata":{"finalizers":["a","b","c"]}}""",
            """{"metadata":{"$setElementOrder/finalizers":["c","a","b","d"],"finalizers":["d"]}}""");
        AssertJson("""["c","a","b","d"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Apply_DeploymentTemplateEnv_MergesByNameAtDepth()
    {
        var result = Apply(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"3"}]}]}}}}""",
            "apps",
            "Deployment");
        AssertJson("""[{"name":"A","value":"1"},{"name":"B","value":"3"}]""", result["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]);
    }

    [Fact]
    public void Apply_CronJobTemplate_MergesContainers()
    {
        var result = Apply(
            """{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"}]}}}}}}""",
            """{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"2"}]}}}}}}""",
            "batch",
            "CronJob");
        Assert.Equal("a,b", Containers(result, "spec.jobTemplate.spec.template.spec.containers"));
    }

    [Fact]
    public void Apply_ContainerPorts_MergeByContainerPort()
    {
        var result = Apply(
            """{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http"},{"containerPort":443}]}]}}""",
            """{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"web"}]}]}}""");
        AssertJson("""[{"containerPort":80,"name":"web"},{"containerPort":443}]""", result["spec"]!["containers"]![0]!["ports"]);
    }

    [Fact]
    public void Apply_ServicePorts_MergeByPort()
    {
        var result = Apply(
            """{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443}]}}""",
            """{"spec":{"ports":[{"port":80,"targetPort":9090}]}}""",
            string.Empty,
            "Service");
        AssertJson("""[{"port":80,"targetPort":9090},{"port":443}]""", result["spec"]!["ports"]);
    }

    [Fact]
    public void Apply_OwnerReferences_MergeByUid()
    {
        var result = Apply(
            """{"metadata":{"ownerReferences":[{"uid":"1","name":"a"},{"uid":"2","name":"b"}]}}""",
            """{"metadata":{"ownerReferences":[{"uid":"2","controller":true}]}}""",
            "apps",
            "ReplicaSet");
        AssertJson("""[{"uid":"1","name":"a"},{"uid":"2","name":"b","controller":true}]""", result["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public void Apply_StatusConditions_MergeByType()
    {
        var result = Apply(
            """{"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"Initialized","status":"True"}]}}""",
            """{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""");
        AssertJson("""[{"type":"Ready","status":"True"},{"type":"Initialized","status":"True"}]""", result["status"]!["conditions"]);
    }

    [Fact]
    public void Apply_Tolerations_AreReplacedWhole()
    {
        var result = Apply(
            """{"spec":{"tolerations":[{"key":"a","operator":"Exists"}]}}""",
            """{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}""");
        AssertJson("""[{"key":"b","operator":"Exists"}]""", result["spec"]!["tolerations"]);
    }

    [Fact]
    public void Apply_NullAndNestedMaps_DeleteAndMerge()
    {
        var result = Apply(
            """{"metadata":{"labels":{"a":"1","b":"2"},"annotations":{"x":"y"}}}""",
            """{"metadata":{"labels":{"a":null,"c":"3"},"annotations":null}}""");
        AssertJson("""{"labels":{"b":"2","c":"3"}}""", result["metadata"]);
    }

    [Fact]
    public void Apply_NewValues_LoseDirectivesAndNulls()
    {
        var result = Apply(
            """{"spec":{"containers":[{"name":"a"}]}}""",
            """{"spec":{"containers":[{"name":"b","image":null,"$setElementOrder/env":[{"name":"X"}],"env":[{"name":"X","value":"1"}]}],"nodeSelector":{"k":"v","z":null}}}""");
        AssertJson(
            """{"containers":[{"name":"b","env":[{"name":"X","value":"1"}]},{"name":"a"}],"nodeSelector":{"k":"v"}}""",
            result["spec"]);
    }

    [Fact]
    public void Apply_ConfigMapWithoutMergeKeys_MergesDataMap()
    {
        var result = Apply("""{"data":{"a":"1","b":"2"}}""", """{"data":{"b":"3"}}""", string.Empty, "ConfigMap");
        AssertJson("""{"data":{"a":"1","b":"3"}}""", result);
    }

    [Fact]
    public void Apply_MissingMergeKeyInPatchElement_Is500LikeKubernetes()
    {
        var e = Fails(TwoContainerPod, """{"spec":{"containers":[{"image":"nginx"}]}}""");
        Assert.Equal(500, e.StatusCode);
        Assert.Equal("map: map[image:nginx] does not contain declared merge key: name", e.Message);
    }

    [Fact]
    public void Apply_ListOfLists_Is422()
    {
        var e = Fails("""{"metadata":{"finalizers":[["a"]]}}""", """{"metadata":{"finalizers":[["b"]]}}""");
        Assert.Equal(422, e.StatusCode);
        Assert.Equal("lists of lists are not supported", e.Detail);
    }

    [Fact]
    public void Apply_MixedElementTypes_Is500()
    {
        var e = Fails("""{"metadata":{"finalizers":["a"]}}""", """{"metadata":{"finalizers":[1]}}""");
        Assert.Equal("list element types are not identical: [[a] [1]]", e.Message);
    }

    [Fact]
    public void Apply_PatchNotAnObject_Is400()
    {
        var e = Fails(TwoContainerPod, """["x"]""");
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("json: cannot unmarshal array into Go value of type map[string]interface {}", e.Message);
    }

    [Fact]
    public void Apply_CustomResource_Is415()
    {
        Assert.False(StrategicMergePatch.IsSupported("example.com", "Widget"));
        var e = Fails("""{"spec":{}}""", """{"spec":{"a":1}}""", "example.com", "Widget");
        Assert.Equal(415, e.StatusCode);
        Assert.Equal(StrategicMergePatch.UnsupportedMessage, e.Message);
    }

    [Theory]
    [InlineData("", "Pod")]
    [InlineData("", "ConfigMap")]
    [InlineData("apps", "Deployment")]
    [InlineData("rbac.authorization.k8s.io", "Role")]
    [InlineData("apiextensions.k8s.io", "CustomResourceDefinition")]
    public void IsSupported_BuiltInKind_IsTrue(string group, string kind) =>
        Assert.True(StrategicMergePatch.IsSupported(group, kind));

    [Fact]
    public void IsSupported_UnknownKindInBuiltInGroup_IsFalse() =>
        Assert.False(StrategicMergePatch.IsSupported("apps", "Widget"));

    [Fact]
    public void Apply_KubectlApplyRemovingContainerAndEnv_Works()
    {
        const string deployment = """
            {"spec":{"template":{"spec":{"containers":[
              {"name":"web","image":"nginx:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
              {"name":"sidecar","image":"busybox"}]}}}}
            """;
        const string patch = """
            {"spec":{"template":{"spec":{
              "$setElementOrder/containers":[{"name":"web"}],
              "containers":[
                {"$setElementOrder/env":[{"name":"A"}],"env":[{"$patch":"delete","name":"B"}],"image":"nginx:2","name":"web"},
                {"$patch":"delete","name":"sidecar"}]}}}}
            """;
        var result = Apply(deployment, patch, "apps", "Deployment");
        AssertJson(
            """[{"name":"web","image":"nginx:2","env":[{"name":"A","value":"1"}]}]""",
            result["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_KubectlApplyVolumeSourceChange_UsesRetainKeys()
    {
        var result = Apply(
            """{"spec":{"template":{"spec":{"volumes":[{"name":"v","emptyDir":{}}]}}}}""",
            """{"spec":{"template":{"spec":{"$setElementOrder/volumes":[{"name":"v"}],"volumes":[{"$retainKeys":["configMap","name"],"configMap":{"name":"cm"},"name":"v"}]}}}}""",
            "apps",
            "Deployment");
        AssertJson("""[{"name":"v","configMap":{"name":"cm"}}]""", result["spec"]!["template"]!["spec"]!["volumes"]);
    }

    [Fact]
    public void MergeTable_Deployment_HasPodSpecKeysUnderTemplate()
    {
        var table = PatchMergeSchema.TableFor("apps", "Deployment")!;
        Assert.Equal(new PatchMeta(true, false, false, "name"), table["spec.template.spec.containers"]);
        var ports = table["spec.template.spec.containers.ports"];
        Assert.Equal(new PatchMeta(true, false, false, "containerPort"), ports with { ListMapKeys = null });
        Assert.Equal(["containerPort", "protocol"], ports.ApplyKeys);
        Assert.Equal(new PatchMeta(true, false, true, "name"), table["spec.template.spec.volumes"]);
        Assert.Equal(new PatchMeta(true, false, false, null), table["metadata.finalizers"]);
        Assert.Equal(new PatchMeta(true, false, false, "uid"), table["spec.template.metadata.ownerReferences"]);
        Assert.Equal(new PatchMeta(false, false, true, null), table["spec.strategy"]);
        Assert.Equal(new PatchMeta(true, false, false, "type"), table["status.conditions"]);
        Assert.False(table.ContainsKey("spec.template.spec.tolerations"));
    }

    [Fact]
    public void MergeTable_PodAndCronJob_ShareThePodSpecDescription()
    {
        Assert.Equal("mountPath", PatchMergeSchema.TableFor(string.Empty, "Pod")!["spec.initContainers.volumeMounts"].MergeKey);
        Assert.Equal("ip", PatchMergeSchema.TableFor(string.Empty, "Pod")!["status.podIPs"].MergeKey);
        Assert.Equal("name", PatchMergeSchema.TableFor("batch", "CronJob")!["spec.jobTemplate.spec.template.spec.ephemeralContainers.env"].MergeKey);
        Assert.Equal("port", PatchMergeSchema.TableFor(string.Empty, "Service")!["spec.ports"].MergeKey);
        Assert.Null(PatchMergeSchema.TableFor("example.com", "Widget"));
    }

    [Fact]
    public void Apply_DoesNotChangeInputs()
    {
        var original = JsonNode.Parse(TwoContainerPod)!.AsObject();
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","$patch":"delete"}]}}""")!.AsObject();
        var before = (original.ToJsonString(), patch.ToJsonString());
        StrategicMergePatch.Apply(original, patch, string.Empty, "Pod");
        Assert.Equal(before, (original.ToJsonString(), patch.ToJsonString()));
    }
}
