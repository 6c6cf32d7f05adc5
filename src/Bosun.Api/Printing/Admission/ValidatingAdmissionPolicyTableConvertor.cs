using System.Text.Json;

namespace Bosun.Api.Printing.Admission;

/// <summary>ValidatingAdmissionPolicies: NAME VALIDATIONS PARAMKIND AGE.</summary>
public sealed class ValidatingAdmissionPolicyTableConvertor : TableConvertor
{
    public static readonly ValidatingAdmissionPolicyTableConvertor Instance = new();

    private static readonly TableColumn[] PolicyColumns =
    [
        CommonColumns.Name,
        CommonColumns.Numeric("Validations", "Validations indicates the number of validation rules defined in this configuration"),
        CommonColumns.Text("ParamKind", "ParamKind specifies the kind of resources used to parameterize this policy"),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => PolicyColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var paramKind = spec.Prop("paramKind");
        var paramText = paramKind.ValueKind == JsonValueKind.Object
            ? $"{paramKind.Str("apiVersion")}/{paramKind.Str("kind")}"
            : "<unset>";
        return [JsonCells.Name(obj), (long)spec.Count("validations"), paramText, JsonCells.Age(obj)];
    }
}
