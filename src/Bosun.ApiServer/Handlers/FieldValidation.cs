using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Serialization;
using Bosun.ApiServer.Registry;

namespace Bosun.ApiServer.Handlers;

/// <summary>fieldValidation: unknown and duplicate fields are errors (Strict), warnings (Warn) or ignored.</summary>
internal static class FieldValidation
{
    /// <summary>Checks a body (as JSON bytes) against the kind's model.</summary>
    public static void Check(ResourceDefinition resource, ReadOnlySpan<byte> json, WriteContext write)
    {
        if (write.FieldValidation == "Ignore" || resource.ModelType is null)
        {
            return;
        }

        var problems = StrictDecoder.Validate(json, resource.ModelType);
        if (problems.Count == 0)
        {
            return;
        }

        if (write.FieldValidation == "Strict")
        {
            throw ApiException.BadRequest(StrictDecoder.FormatError(problems));
        }

        write.Warnings.AddRange(problems);
    }
}
