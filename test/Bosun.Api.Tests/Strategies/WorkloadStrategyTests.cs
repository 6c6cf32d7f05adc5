using System.Text.Json.Nodes;
using Bosun.Api.Strategies;

namespace Bosun.Api.Tests.Strategies;

public class WorkloadStrategyTests
{
    private const string Template = """{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""";

    private static JsonObject Workload(string kind, string spec) =>
        JsonNode.Parse($$"""{"apiVersion":"apps/v1","kind":"{{kind}}","metadata":{"name":"w","uid":"u-1"},"spec":{{spec}}}""")!.AsObject();

    private static List<string> Errors(string kind, JsonObject obj, JsonObject? old = null)
    {
        var strategy = Bosun.Api.Strategies.Strategies.For(kind is "Job" or "CronJob" ? "batch" : "apps", kind);
        strategy.ApplyDefaults(obj);
        var causes = old is null ? strategy.Validate(obj) : strategy.ValidateUpdate(obj, old);
        return causes.Select(c => c.Field + ": " + c.Message).ToList();
    }

    [Theory]
    [InlineData("Deployment")]
    [InlineData("ReplicaSet")]
    [InlineData("StatefulSet")]
    [InlineData("DaemonSet")]
    public void Validate_MatchingSelector_IsValid(string kind)
    {
        Assert.Empty(Errors(kind, Workload(kind, """{"selector":{"matchLabels":{"app":"web"}},"template":""" + Template + "}")));
    }

    [Fact]
    public void Validate_SelectorNotMatchingTemplate_IsInvalidInKubernetesWords()
    {
        var errors = Errors("Deployment", Workload("Deployment", """{"selector":{"matchLabels":{"app":"db"}},"template":""" + Template + "}"));

        Assert.Equal(["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"], errors);
    }

    [Fact]
    public void Validate_MissingSelectorAndNegativeReplicas_AreReported()
    {
        var errors = Errors("Deployment", Workload("Deployment", """{"replicas":-1,"template":""" + Template + "}"));

        Assert.Contains("spec.replicas: Invalid value: -1: must be greater than or equal to 0", errors);
        Assert.Contains("spec.selector: Required value", errors);
    }

    [Fact]
    public void Validate_BadSelectorOperator_IsInvalid()
    {
        var errors = Errors("ReplicaSet", Workload("ReplicaSet", """{"selector":{"matchExpressions":[{"key":"app","operator":"Is"}]},"template":""" + Template + "}"));

        Assert.Contains("spec.selector.matchExpressions[0].operator: Invalid value: \"Is\": not a valid selector operator", errors);
    }

    [Fact]
    public void Validate_TemplateRestartPolicyNever_IsUnsupportedForDeployments()
    {
        var errors = Errors("Deployment", Workload("Deployment", """{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"nginx"}]}}}"""));

        Assert.Equal(["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""], errors);
    }

    [Fact]
    public void ValidateUpdate_ChangedSelector_IsImmutable()
    {
        var old = Workload("Deployment", """{"selector":{"matchLabels":{"app":"web"}},"template":""" + Template + "}");
        Errors("Deployment", old);
        var changed = Workload("Deployment", """{"selector":{"matchLabels":{"app":"web","tier":"x"}},"template":{"metadata":{"labels":{"app":"web","tier":"x"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}""");

        var errors = Errors("Deployment", changed, old);

        Assert.Equal(["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"x\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"], errors);
    }

    [Fact]
    public void ValidateUpdate_StatefulSetServiceName_IsForbidden()
    {
        var old = Workload("StatefulSet", """{"serviceName":"a","selector":{"matchLabels":{"app":"web"}},"template":""" + Template + "}");
        Errors("StatefulSet", old);
        var changed = Workload("StatefulSet", """{"serviceName":"b","replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":""" + Template + "}");

        var error = Assert.Single(Errors("StatefulSet", changed, old));

        Assert.StartsWith("spec: Forbidden: updates to statefulset spec for fields other than 'replicas'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PrepareForCreate_Job_GeneratesSelectorAndLabels()
    {
        var job = Workload("Job", """{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}""");
        var strategy = Bosun.Api.Strategies.Strategies.For("batch", "Job");

        strategy.ApplyDefaults(job);
        strategy.PrepareForCreate(job, hasStatus: true);

        var spec = job["spec"]!;
        Assert.Equal("""{"batch.kubernetes.io/controller-uid":"u-1"}""", spec["selector"]!["matchLabels"]!.ToJsonString());
        var labels = spec["template"]!["metadata"]!["labels"]!;
        Assert.Equal("u-1", labels["batch.kubernetes.io/controller-uid"]!.GetValue<string>());
        Assert.Equal("u-1", labels["controller-uid"]!.GetValue<string>());
        Assert.Equal("w", labels["batch.kubernetes.io/job-name"]!.GetValue<string>());
        Assert.Equal("w", labels["job-name"]!.GetValue<string>());
        Assert.Equal("TerminatingOrFailed", spec["podReplacementPolicy"]!.GetValue<string>());
        Assert.Equal(6, spec["backoffLimit"]!.GetValue<int>());
        Assert.Empty(strategy.Validate(job));
    }

    [Fact]
    public void PrepareForCreate_ManualSelector_IsLeftAlone()
    {
        var job = Workload("Job", """{"manualSelector":true,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}""");
        var strategy = Bosun.Api.Strategies.Strategies.For("batch", "Job");

        strategy.ApplyDefaults(job);
        strategy.PrepareForCreate(job, hasStatus: true);

        Assert.Equal("""{"a":"b"}""", job["spec"]!["selector"]!["matchLabels"]!.ToJsonString());
        Assert.Equal("""{"a":"b"}""", job["spec"]!["template"]!["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public void Validate_JobWithoutRestartPolicy_IsRejectedAsKubernetesDoes()
    {
        // Kubernetes defaults every pod template's restartPolicy to Always, then job validation rejects it.
        var job = Workload("Job", """{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}]}}}""");
        var strategy = Bosun.Api.Strategies.Strategies.For("batch", "Job");
        strategy.ApplyDefaults(job);
        strategy.PrepareForCreate(job, hasStatus: true);

        var error = Assert.Single(strategy.Validate(job));

        Assert.Equal("spec.template.spec.restartPolicy", error.Field);
        Assert.Equal("Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"", error.Message);
    }

    [Fact]
    public void Validate_CronJobWithoutSchedule_IsRequired()
    {
        var errors = Errors("CronJob", Workload("CronJob", """{"jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"c","image":"busybox"}]}}}}}"""));

        Assert.Equal(["spec.schedule: Required value"], errors);
    }

    [Fact]
    public void ApplyDefaults_ReplicationController_TakesSelectorFromTemplate()
    {
        var rc = JsonNode.Parse("""{"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"r"},"spec":{"template":""" + Template + "}}")!.AsObject();
        var strategy = Bosun.Api.Strategies.Strategies.For("", "ReplicationController");

        strategy.ApplyDefaults(rc);

        Assert.Equal("""{"app":"web"}""", rc["spec"]!["selector"]!.ToJsonString());
        Assert.Equal("""{"app":"web"}""", rc["metadata"]!["labels"]!.ToJsonString());
        Assert.Empty(strategy.Validate(rc));
    }

    [Fact]
    public void Validate_JobPodFailurePolicyWithOnFailure_OnlyNeverIsSupported()
    {
        var job = Workload("Job", """{"podFailurePolicy":{"rules":[]},"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"restartPolicy":"OnFailure","containers":[{"name":"c","image":"busybox"}]}}}""");

        var errors = Errors("Job", job);

        Assert.Equal(["spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified"], errors);
        Assert.Equal("Failed", job["spec"]!["podReplacementPolicy"]!.GetValue<string>());
    }
}
