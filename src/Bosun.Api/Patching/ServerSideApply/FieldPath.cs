using System.Text;
using System.Text.Json.Nodes;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>
/// One field of an object as structured-merge-diff names it: a sequence of FieldsV1 path elements
/// (<c>f:spec</c>, <c>k:{"name":"c"}</c> for a keyed list item, <c>v:"x"</c> for a set item).
/// </summary>
internal sealed class FieldPath : IEquatable<FieldPath>
{
    private readonly string[] _elements;
    private readonly int _hash;

    private FieldPath(string[] elements, int hash)
    {
        _elements = elements;
        _hash = hash;
    }

    /// <summary>The object's root (no elements).</summary>
    public static FieldPath Root { get; } = new([], 0);

    /// <summary>The path elements in FieldsV1 form.</summary>
    public IReadOnlyList<string> Elements => _elements;

    /// <summary>The number of elements.</summary>
    public int Length => _elements.Length;

    /// <summary>The FieldsV1 element of a field name.</summary>
    public static string FieldElement(string name) => "f:" + name;

    /// <summary>The FieldsV1 element of a list item whose key object (its merge key values) is <paramref name="utf8Key"/>, compact JSON.</summary>
    public static string KeyElement(ReadOnlySpan<byte> utf8Key) =>
        string.Create(2 + Encoding.UTF8.GetCharCount(utf8Key), utf8Key, static (chars, key) =>
        {
            chars[0] = 'k';
            chars[1] = ':';
            Encoding.UTF8.GetChars(key, chars[2..]);
        });

    /// <summary>The FieldsV1 element of a set item.</summary>
    public static string ValueElement(JsonNode? value) => "v:" + (value?.ToJsonString() ?? "null");

    /// <summary>This path with one more element.</summary>
    /// <remarks>The hash extends the parent's: walks build every path from its parent, at any depth.</remarks>
    public FieldPath Append(string element) => new([.. _elements, element], HashCode.Combine(_hash, StringComparer.Ordinal.GetHashCode(element)));

    /// <summary>Builds a path from elements.</summary>
    public static FieldPath Of(params string[] elements) => elements.Aggregate(Root, (path, element) => path.Append(element));

    /// <summary>The number of leading elements this path and <paramref name="other"/> share.</summary>
    public int CommonPrefixLength(FieldPath other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _elements.AsSpan().CommonPrefixLength(other._elements);
    }

    /// <summary>Orders paths element by element with <paramref name="elementOrder"/>, a path before the paths under it.</summary>
    public static int Compare(FieldPath x, FieldPath y, IComparer<string> elementOrder)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(elementOrder);
        var common = Math.Min(x._elements.Length, y._elements.Length);
        for (var i = 0; i < common; i++)
        {
            // Paths under one node share its element instances: most steps end here.
            if (!ReferenceEquals(x._elements[i], y._elements[i]))
            {
                var order = elementOrder.Compare(x._elements[i], y._elements[i]);
                if (order != 0)
                {
                    return order;
                }
            }
        }

        return x._elements.Length.CompareTo(y._elements.Length);
    }

    /// <summary>True when this path is <paramref name="other"/> or lies under it.</summary>
    public bool StartsWith(FieldPath other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._elements.Length > _elements.Length)
        {
            return false;
        }

        for (var i = 0; i < other._elements.Length; i++)
        {
            if (!string.Equals(_elements[i], other._elements[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Equals(FieldPath? other) =>
        other is not null && _hash == other._hash && _elements.AsSpan().SequenceEqual(other._elements);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FieldPath);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>
    /// The path as Kubernetes prints it in conflict messages: <c>.spec.containers[name="c"].image</c>,
    /// <c>.metadata.finalizers[="x"]</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var element in _elements)
        {
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(element, 2, element.Length - 2);
                    break;
                case 'k':
                    var key = JsonNode.Parse(element[2..]) as JsonObject ?? [];
                    text.Append('[').AppendJoin(',', key.Select(p => $"{p.Key}={p.Value?.ToJsonString()}")).Append(']');
                    break;
                case 'v':
                    text.Append("[=").Append(element, 2, element.Length - 2).Append(']');
                    break;
                default:
                    text.Append('[').Append(element, 2, element.Length - 2).Append(']');
                    break;
            }
        }

        return text.ToString();
    }
}
