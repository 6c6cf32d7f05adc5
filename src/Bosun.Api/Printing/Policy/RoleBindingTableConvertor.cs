using System.Text.Json;

namespace Bosun.Api.Printing.Policy;

/// <summary>RoleBindings and ClusterRoleBindings: NAME ROLE AGE (wide: USERS GROUPS SERVICEACCOUNTS).</summary>
public sealed class RoleBindingTableConvertor : TableConvertor
{
    public static readonly RoleBindingTableConvertor RoleBinding = new("roleBinding");
    public static readonly RoleBindingTableConvertor ClusterRoleBinding = new("clusterRoleBinding");

    private readonly TableColumn[] _columns;

    private RoleBindingTableConvertor(string kind)
    {
        _columns =
        [
            CommonColumns.Name,
            CommonColumns.Text("Role", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."),
            CommonColumns.Age,
            CommonColumns.Text("Users", $"Users in the {kind}", 1),
            CommonColumns.Text("Groups", $"Groups in the {kind}", 1),
            CommonColumns.Text("ServiceAccounts", $"ServiceAccounts in the {kind}", 1),
        ];
    }

    public override IReadOnlyList<TableColumn> Columns => _columns;

    public override IReadOnlyList<object?> Cells(JsonElement obj)
    {
        var roleRef = obj.Prop("roleRef");
        var users = new List<string>();
        var groups = new List<string>();
        var serviceAccounts = new List<string>();
        foreach (var subject in obj.Items("subjects"))
        {
            var name = subject.Str("name") ?? "";
            switch (subject.Str("kind"))
            {
                case "User":
                    users.Add(name);
                    break;
                case "Group":
                    groups.Add(name);
                    break;
                case "ServiceAccount":
                    serviceAccounts.Add(subject.Str("namespace") is { Length: > 0 } ns ? ns + ":" + name : name);
                    break;
            }
        }

        return
        [
            JsonCells.Name(obj),
            $"{roleRef.Str("kind")}/{roleRef.Str("name")}",
            JsonCells.Age(obj),
            string.Join(", ", users),
            string.Join(", ", groups),
            string.Join(", ", serviceAccounts),
        ];
    }
}
