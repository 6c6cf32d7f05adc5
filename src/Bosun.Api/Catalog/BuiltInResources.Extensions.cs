using k8s.Models;

namespace Bosun.Api.Catalog;

public static partial class BuiltInResources
{
    private static IEnumerable<ResourceDefinition> AdmissionRegistration()
    {
        const string g = "admissionregistration.k8s.io";
        const string v = "v1";
        yield return Stored(g, v, "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", false,
            typeof(V1MutatingWebhookConfiguration), categories: ["api-extensions"]);
        yield return Stored(g, v, "validatingadmissionpolicies", "validatingadmissionpolicy", "ValidatingAdmissionPolicy", false,
            typeof(V1ValidatingAdmissionPolicy), categories: ["api-extensions"], subresources: [Status(g, v, "ValidatingAdmissionPolicy")]);
        yield return Stored(g, v, "validatingadmissionpolicybindings", "validatingadmissionpolicybinding", "ValidatingAdmissionPolicyBinding", false,
            typeof(V1ValidatingAdmissionPolicyBinding), categories: ["api-extensions"]);
        yield return Stored(g, v, "validatingwebhookconfigurations", "validatingwebhookconfiguration", "ValidatingWebhookConfiguration", false,
            typeof(V1ValidatingWebhookConfiguration), categories: ["api-extensions"]);
    }

    private static IEnumerable<ResourceDefinition> ApiExtensions()
    {
        const string g = "apiextensions.k8s.io";
        const string v = "v1";
        yield return Stored(g, v, "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false,
            typeof(V1CustomResourceDefinition),
            shortNames: ["crd", "crds"], categories: ["api-extensions"], subresources: [Status(g, v, "CustomResourceDefinition")]);
    }
}
