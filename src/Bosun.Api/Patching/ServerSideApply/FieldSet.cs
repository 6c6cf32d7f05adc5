using System.Text.Json.Nodes;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>
/// A set of field paths (what one manager owns), convertible to and from the FieldsV1 trie that
/// <c>metadata.managedFields[].fieldsV1</c> carries.
/// </summary>
/// <remarks>
/// In FieldsV1 a path that is a member with nothing under it is an empty object (<c>"f:replicas": {}</c>);
/// a member that also has members under it (a keyed list item) carries <c>".": {}</c>.
/// </remarks>
internal sealed class FieldSet
{
    private readonly HashSet<FieldPath> _paths;

    /// <summary>Creates a set holding <paramref name="paths"/>.</summary>
    public FieldSet(IEnumerable<FieldPath> paths) => _paths = [.. paths];

    /// <summary>Creates an empty set.</summary>
    public FieldSet() => _paths = [];

    /// <summary>The paths of the set.</summary>
    public IReadOnlyCollection<FieldPath> Paths => _paths;

    /// <summary>True for no paths.</summary>
    public bool IsEmpty => _paths.Count == 0;

    /// <summary>True when <paramref name="path"/> is a member.</summary>
    public bool Has(FieldPath path) => _paths.Contains(path);

    /// <summary>Adds a path.</summary>
    public void Add(FieldPath path) => _paths.Add(path);

    /// <summary>True when some member is <paramref name="path"/> or lies under it.</summary>
    public bool HasAtOrUnder(FieldPath path) => _paths.Any(p => p.StartsWith(path));

    /// <summary>The members of both sets.</summary>
    public FieldSet Union(FieldSet other) => new(_paths.Concat(other._paths));

    /// <summary>The members of this set that are not in <paramref name="other"/>.</summary>
    public FieldSet Difference(FieldSet other) => new(_paths.Where(p => !other._paths.Contains(p)));

    /// <summary>The members of this set that are also in <paramref name="other"/>.</summary>
    public FieldSet Intersect(FieldSet other) => new(_paths.Where(other._paths.Contains));

    /// <summary>Same members.</summary>
    public bool SetEquals(FieldSet other) => _paths.SetEquals(other._paths);

    /// <summary>The FieldsV1 trie of the set, with children in structured-merge-diff's order.</summary>
    public JsonObject ToFieldsV1()
    {
        var root = new Node();
        foreach (var path in _paths)
        {
            var node = root;
            foreach (var element in path.Elements)
            {
                node = node.Child(element);
            }

            node.Member = true;
        }

        return root.ToJson();
    }

    /// <summary>Parses a FieldsV1 trie; anything that is not one is a <see cref="FormatException"/>.</summary>
    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        var set = new FieldSet();
        if (fields is not JsonObject obj)
        {
            throw new FormatException("FieldsV1 must be an object");
        }

        Read(set, FieldPath.Root, obj);
        return set;
    }

    private static void Read(FieldSet set, FieldPath path, JsonObject obj)
    {
        if (obj.Count == 0 && path.Length > 0)
        {
            set.Add(path);
            return;
        }

        foreach (var (key, value) in obj)
        {
            if (key == ".")
            {
                set.Add(path);
                continue;
            }

            if (key.Length < 2 || key[1] != ':' || key[0] is not ('f' or 'k' or 'v' or 'i') || value is not JsonObject child)
            {
                throw new FormatException($"invalid FieldsV1 element {key}");
            }

            Read(set, path.Append(key), child);
        }
    }

    private sealed class Node
    {
        private readonly SortedDictionary<string, Node> _children = new(ElementOrder.Instance);

        public bool Member { get; set; }

        public Node Child(string element)
        {
            if (!_children.TryGetValue(element, out var child))
            {
                child = new Node();
                _children[element] = child;
            }

            return child;
        }

        public JsonObject ToJson()
        {
            var obj = new JsonObject();
            if (Member && _children.Count > 0)
            {
                obj["."] = new JsonObject();
            }

            foreach (var (element, child) in _children)
            {
                obj[element] = child.ToJson();
            }

            return obj;
        }
    }

    /// <summary>Field names first, then keys, values and indices, each ordinal: the order of PathElement.Less.</summary>
    private sealed class ElementOrder : IComparer<string>
    {
        public static ElementOrder Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            var rank = Rank(x).CompareTo(Rank(y));
            return rank != 0 ? rank : string.CompareOrdinal(x, y);
        }

        private static int Rank(string? element) => element?[0] switch
        {
            'f' => 0,
            'k' => 1,
            'v' => 2,
            _ => 3,
        };
    }
}
