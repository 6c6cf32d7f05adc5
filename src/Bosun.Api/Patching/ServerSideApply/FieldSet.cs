using System.Buffers;
using System.Text.Json;
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

    /// <summary>The members of both sets (this set itself when <paramref name="other"/> adds nothing).</summary>
    public FieldSet Union(FieldSet other) => _paths.IsSupersetOf(other._paths) ? this : new(_paths.Concat(other._paths));

    /// <summary>The members of this set that are not in <paramref name="other"/> (this set itself when there are none).</summary>
    /// <remarks>Sets are not changed once built, so sharing one saves copying a whole object's paths on every write.</remarks>
    public FieldSet Difference(FieldSet other) => _paths.Overlaps(other._paths) ? new(_paths.Where(p => !other._paths.Contains(p))) : this;

    /// <summary>The members of this set that are also in <paramref name="other"/>.</summary>
    public FieldSet Intersect(FieldSet other) => new(_paths.Where(other._paths.Contains));

    /// <summary>Same members.</summary>
    public bool SetEquals(FieldSet other) => _paths.SetEquals(other._paths);

    /// <summary>The FieldsV1 trie of the set, with children in structured-merge-diff's order.</summary>
    /// <remarks>
    /// Written as JSON from the sorted paths and parsed back: the trie of a large object has thousands of
    /// nodes, and a parsed object is written to the store from its bytes without a node per member.
    /// </remarks>
    public JsonObject ToFieldsV1()
    {
        var paths = _paths.ToArray();
        if (!IsSorted(paths))
        {
            Array.Sort(paths, PathOrder.Instance);
        }

        var buffer = new ArrayBufferWriter<byte>(64 * (paths.Length + 1));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            FieldPath open = FieldPath.Root;
            for (var i = 0; i < paths.Length; i++)
            {
                var path = paths[i];
                var common = open.CommonPrefixLength(path);
                for (var depth = open.Length; depth > common; depth--)
                {
                    writer.WriteEndObject();
                }

                for (var depth = common; depth < path.Length; depth++)
                {
                    writer.WritePropertyName(path.Elements[depth]);
                    writer.WriteStartObject();
                }

                // Sorted, a path's descendants follow it: a member with members under it carries ".".
                if (i + 1 < paths.Length && paths[i + 1].StartsWith(path))
                {
                    writer.WritePropertyName(".");
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                }

                open = path;
            }

            for (var depth = open.Length; depth >= 0; depth--)
            {
                writer.WriteEndObject();
            }
        }

        return (JsonObject)JsonNode.Parse(buffer.WrittenSpan, documentOptions: new JsonDocumentOptions { MaxDepth = 1000 })!;
    }

    /// <summary>Parses a FieldsV1 trie; anything that is not one is a <see cref="FormatException"/>.</summary>
    /// <remarks>
    /// Read from the trie's JSON text: a stored trie is a parsed object not yet materialized, and walking
    /// its nodes would build one per member of every entry on every write.
    /// </remarks>
    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        if (fields is not JsonObject obj)
        {
            throw new FormatException("FieldsV1 must be an object");
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            obj.WriteTo(writer);
        }

        var set = new FieldSet();
        var reader = new Utf8JsonReader(buffer.WrittenSpan, new JsonReaderOptions { MaxDepth = 1000 });
        reader.Read();
        Read(set, FieldPath.Root, ref reader);
        return set;
    }

    /// <summary>Reads the members of the object the reader is at (on its start), up to its end.</summary>
    private static void Read(FieldSet set, FieldPath path, ref Utf8JsonReader reader)
    {
        var empty = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            empty = false;
            var key = reader.GetString()!;
            reader.Read();
            if (key == ".")
            {
                set.Add(path);
                reader.Skip();
                continue;
            }

            if (key.Length < 2 || key[1] != ':' || key[0] is not ('f' or 'k' or 'v' or 'i') || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException($"invalid FieldsV1 element {key}");
            }

            Read(set, path.Append(key), ref reader);
        }

        if (empty && path.Length > 0)
        {
            set.Add(path);
        }
    }

    /// <summary>
    /// True when the paths are in trie order already, as a set read from a stored trie (or taken from one)
    /// enumerates: checking costs a pass, sorting thousands of paths many times more.
    /// </summary>
    private static bool IsSorted(FieldPath[] paths)
    {
        for (var i = 1; i < paths.Length; i++)
        {
            if (PathOrder.Instance.Compare(paths[i - 1], paths[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Paths element by element in <see cref="ElementOrder"/>, a path before those under it.</summary>
    private sealed class PathOrder : IComparer<FieldPath>
    {
        public static PathOrder Instance { get; } = new();

        public int Compare(FieldPath? x, FieldPath? y) => FieldPath.Compare(x!, y!, ElementOrder.Instance);
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
