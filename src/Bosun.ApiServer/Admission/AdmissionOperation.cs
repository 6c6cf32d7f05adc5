namespace Bosun.ApiServer.Admission;

/// <summary>The operation admission sees, as in admission.k8s.io.</summary>
public enum AdmissionOperation
{
    Create,
    Update,
    Delete,
    Connect,
}
