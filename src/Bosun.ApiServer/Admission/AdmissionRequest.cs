using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.ApiServer.Authentication;

namespace Bosun.ApiServer.Admission;

/// <summary>What an admission plugin is asked about.</summary>
/// <param name="Operation">Create, update, delete or connect.</param>
/// <param name="Resource">The resource definition.</param>
/// <param name="Subresource">Subresource, empty for the main resource.</param>
/// <param name="Namespace">Namespace of the object.</param>
/// <param name="Name">Name of the object.</param>
/// <param name="NewObject">The new object (mutating plugins may change it); null for deletes.</param>
/// <param name="OldObject">The stored object for updates and deletes.</param>
/// <param name="User">The caller.</param>
/// <param name="DryRun">True for dryRun=All.</param>
public sealed record AdmissionRequest(
    AdmissionOperation Operation,
    ResourceDefinition Resource,
    string Subresource,
    string Namespace,
    string Name,
    JsonObject? NewObject,
    JsonObject? OldObject,
    UserInfo User,
    bool DryRun);
