using Bosun.Api.Printing.Policy;

namespace Bosun.Api.Tests.Printing;

public class PolicyTableConvertorTests
{
    [Fact]
    public void Hpa_V2_ResourceTargets()
    {
        var row = Rows.Of(HorizontalPodAutoscalerTableConvertor.Instance, """
            {"apiVersion":"autoscaling/v2","metadata":{"name":"web","creationTimestamp":"CREATED"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":10,
                     "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}},
                                {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}}]},
             "status":{"currentReplicas":3,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":45,"averageValue":"90m"}}}]}}
            """);

        Assert.Equal(["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"], Rows.Headers(HorizontalPodAutoscalerTableConvertor.Instance));
        Assert.Equal(["web", "Deployment/web", "cpu: 45%/80%, memory: <unknown>/500Mi", "2", 10L, 3L, "10m"], row);
    }

    [Fact]
    public void Hpa_V2_MoreThanTwoMetrics_AreSummarised()
    {
        var row = Rows.Of(HorizontalPodAutoscalerTableConvertor.Instance, """
            {"metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":5,
              "metrics":[{"type":"Pods","pods":{"target":{"averageValue":"1k"}}},
                         {"type":"External","external":{"target":{"value":"10"}}},
                         {"type":"Object","object":{"target":{"averageValue":"2"}}}]}}
            """);

        Assert.Equal("<unknown>/1k, <unknown>/10 + 1 more...", row[2]);
        Assert.Equal("<unset>", row[3]);
    }

    [Fact]
    public void Hpa_V1_CpuTarget()
    {
        var row = Rows.Of(HorizontalPodAutoscalerTableConvertor.Instance, """
            {"apiVersion":"autoscaling/v1","metadata":{"name":"web"},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":4,"targetCPUUtilizationPercentage":50},
             "status":{"currentReplicas":1}}
            """);
        var noMetrics = Rows.Of(HorizontalPodAutoscalerTableConvertor.Instance, """{"metadata":{"name":"x"},"spec":{"maxReplicas":1}}""");

        Assert.Equal(["web", "Deployment/web", "cpu: <unknown>/50%", "1", 4L, 1L, "<unknown>"], row);
        Assert.Equal("<none>", noMetrics[2]);
    }

    [Fact]
    public void PodDisruptionBudget_IntOrStringAndNa()
    {
        var row = Rows.Of(PodDisruptionBudgetTableConvertor.Instance, """
            {"metadata":{"name":"web","creationTimestamp":"CREATED"},"spec":{"minAvailable":"50%"},"status":{"disruptionsAllowed":1}}
            """);
        var numeric = Rows.Of(PodDisruptionBudgetTableConvertor.Instance, """{"metadata":{"name":"db"},"spec":{"maxUnavailable":1}}""");

        Assert.Equal(["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], Rows.Headers(PodDisruptionBudgetTableConvertor.Instance));
        Assert.Equal(["web", "50%", "N/A", 1L, "10m"], row);
        Assert.Equal(["db", "N/A", "1", 0L, "<unknown>"], numeric);
    }

    [Fact]
    public void RoleBinding_RoleAndSubjects()
    {
        var row = Rows.Of(RoleBindingTableConvertor.RoleBinding, """
            {"metadata":{"name":"admins","creationTimestamp":"CREATED"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"},
             "subjects":[{"kind":"User","name":"alice"},{"kind":"User","name":"bob"},{"kind":"Group","name":"ops"},
                         {"kind":"ServiceAccount","namespace":"ci","name":"deployer"}]}
            """);

        Assert.Equal(["NAME", "ROLE", "AGE", "USERS*", "GROUPS*", "SERVICEACCOUNTS*"], Rows.Headers(RoleBindingTableConvertor.ClusterRoleBinding));
        Assert.Equal(["admins", "ClusterRole/admin", "10m", "alice, bob", "ops", "ci:deployer"], row);
    }
}
