using Bosun.Api.Printing.Admission;

namespace Bosun.Api.Tests.Printing;

public class AdmissionTableConvertorTests
{
    [Fact]
    public void WebhookConfiguration_CountsWebhooks()
    {
        var row = Rows.Of(WebhookConfigurationTableConvertor.Instance, """{"metadata":{"name":"w","creationTimestamp":"CREATED"},"webhooks":[{"name":"a.example.com"}]}""");

        Assert.Equal(["NAME", "WEBHOOKS", "AGE"], Rows.Headers(WebhookConfigurationTableConvertor.Instance));
        Assert.Equal(["w", 1L, "10m"], row);
    }

    [Fact]
    public void ValidatingAdmissionPolicy_ValidationsAndParamKind()
    {
        var row = Rows.Of(ValidatingAdmissionPolicyTableConvertor.Instance, """
            {"metadata":{"name":"p"},"spec":{"paramKind":{"apiVersion":"v1","kind":"ConfigMap"},"validations":[{"expression":"true"}]}}
            """);
        var bare = Rows.Of(ValidatingAdmissionPolicyTableConvertor.Instance, """{"metadata":{"name":"q"},"spec":{}}""");

        Assert.Equal(["NAME", "VALIDATIONS", "PARAMKIND", "AGE"], Rows.Headers(ValidatingAdmissionPolicyTableConvertor.Instance));
        Assert.Equal(["p", 1L, "v1/ConfigMap", "<unknown>"], row);
        Assert.Equal("<unset>", bare[2]);
    }

    [Fact]
    public void ValidatingAdmissionPolicyBinding_PolicyAndParamRef()
    {
        var row = Rows.Of(ValidatingAdmissionPolicyBindingTableConvertor.Instance, """
            {"metadata":{"name":"b"},"spec":{"policyName":"p","paramRef":{"namespace":"default","name":"limits"}}}
            """);

        Assert.Equal(["NAME", "POLICYNAME", "PARAMREF", "AGE"], Rows.Headers(ValidatingAdmissionPolicyBindingTableConvertor.Instance));
        Assert.Equal(["b", "p", "default/limits", "<unknown>"], row);
    }
}
