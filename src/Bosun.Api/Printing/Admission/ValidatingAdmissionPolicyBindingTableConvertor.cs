using System.Text.Json;

namespace Bosun.Api.Printing.Admission;

/// <summary>ValidatingAdmissionPolicyBindings: NAME POLICYNAME PARAMREF AGE.</summary>
public sealed class ValidatingAdmissionPolicyBindingTableConvertor : TableConvertor
{
    public static readonly ValidatingAdmissionPolicyBindingTableConvertor Instance = new();

    private static readonly TableColumn[] BindingColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("PolicyName", "PolicyName indicates the policy definition which the policy binding binded to"),
        CommonColumns.Text("ParamRef", "ParamRef indicates the param resource which sets the configration param"),
        CommonColumns.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => BindingColumns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var spec = obj.Prop("spec");
        var paramRef = spec.Prop("paramRef");
        var paramText = "<unset>";
        if (paramRef.ValueKind == JsonValueKind.Object)
        {
            paramText = paramRef.Str("namespace") is { Length: > 0 } ns
                ? $"{ns}/{paramRef.Str("name") ?? "*"}"
                : paramRef.Str("name") ?? "*";
        }

        return [JsonCells.Name(obj), spec.Str("policyName") ?? "", paramText, JsonCells.Age(obj)];
    }
}
