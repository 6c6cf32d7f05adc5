using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Api.Patching;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bosun.Api.Serialization;

/// <summary>
/// YAML request and response bodies (<c>application/yaml</c>) converted exactly as kube-apiserver converts
/// them with sigs.k8s.io/yaml (go-yaml v2): YAML 1.1 scalars (<c>yes</c>/<c>on</c>/<c>y</c> are booleans,
/// <c>0755</c> is octal, timestamps stay strings), quoted scalars are strings, anchors, aliases and
/// <c>&lt;&lt;</c> merge keys work, and object keys come out sorted as Go's JSON encoder sorts them.
/// </summary>
/// <remarks>
/// Unlike sigs.k8s.io/yaml, a body holding more than one non-empty document is rejected (go-yaml would
/// silently read only the first). Output YAML is go-yaml v2's layout (2-space indent, sequences not
/// indented under their key, go-yaml's key order and quoting) without its folding of lines longer than 80
/// columns, which any YAML parser reads back to the same values.
/// </remarks>
public static class YamlJson
{
    private const int MaxDepth = 10000;

    /// <summary>Converts a UTF-8 YAML body to JSON; throws <see cref="FormatException"/> with the line and column on bad YAML.</summary>
    public static JsonNode? ToJsonNode(ReadOnlySpan<byte> utf8Yaml) => ToJsonNode(utf8Yaml, null);

    /// <summary>
    /// Converts a UTF-8 YAML body to JSON (a repeated key keeps its last value). When
    /// <paramref name="duplicateKeyErrors"/> is given, every repeated key is reported into it the way go-yaml's
    /// strict mode words it (<c>line 5: key "name" already set in map</c>), for fieldValidation Strict/Warn.
    /// </summary>
    public static JsonNode? ToJsonNode(ReadOnlySpan<byte> utf8Yaml, ICollection<string>? duplicateKeyErrors)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(utf8Yaml);
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException("yaml: invalid leading UTF-8 octet", e);
        }

        return ToJsonNode(text, duplicateKeyErrors);
    }

    /// <summary>Converts YAML text to JSON; see <see cref="ToJsonNode(ReadOnlySpan{byte}, ICollection{string})"/>.</summary>
    public static JsonNode? ToJsonNode(string yaml, ICollection<string>? duplicateKeyErrors = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > 0 && yaml[0] == '\uFEFF')
        {
            yaml = yaml[1..];
        }

        var root = ReadSingleDocument(yaml);
        if (root is null)
        {
            return null;
        }

        var converter = new Converter(duplicateKeyErrors);
        try
        {
            return converter.Convert(root, 0);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new FormatException($"yaml: exceeded max depth of {MaxDepth}", e);
        }
    }

    /// <summary>Renders a JSON value as YAML the way sigs.k8s.io/yaml's <c>JSONToYAML</c> does (kubectl's <c>-o yaml</c>).</summary>
    public static string ToYaml(JsonNode? node) => YamlEmitter.Emit(node);

    /// <summary>Renders a JSON value as UTF-8 YAML.</summary>
    public static byte[] ToYamlUtf8(JsonNode? node) => Encoding.UTF8.GetBytes(YamlEmitter.Emit(node));

    /// <summary>Renders a UTF-8 JSON document as YAML; throws <see cref="FormatException"/> on malformed JSON.</summary>
    public static string ToYaml(ReadOnlySpan<byte> utf8Json) => YamlEmitter.Emit(JsonText.Parse(utf8Json));

    private static YNode? ReadSingleDocument(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
        var stack = new Stack<YNode>();
        YNode? first = null;
        YNode? current = null;
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                switch (e)
                {
                    case DocumentStart:
                        current = null;
                        break;
                    case DocumentEnd:
                        if (current is not null && !IsEmpty(current))
                        {
                            documents++;
                            if (documents > 1)
                            {
                                throw new FormatException(
                                    $"yaml: line {current.Line}: the request body holds more than one YAML document; send one object per request");
                            }

                            first = current;
                        }
                        else
                        {
                            first ??= current;
                        }

                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            throw new FormatException($"yaml: line {alias.Start.Line}: unknown anchor '{alias.Value.Value}' referenced");
                        }

                        Add(new YAlias(alias.Value.Value, target) { Line = alias.Start.Line });
                        break;
                    case Scalar scalar:
                        var node = new YScalar(scalar.Value, scalar.Style, scalar.Tag.IsEmpty ? string.Empty : scalar.Tag.Value)
                        {
                            Line = scalar.Start.Line,
                        };
                        Anchor(scalar.Anchor, node);
                        Add(node);
                        break;
                    case SequenceStart sequenceStart:
                        Open(new YSequence { Line = sequenceStart.Start.Line }, sequenceStart.Anchor);
                        break;
                    case MappingStart mappingStart:
                        Open(new YMapping { Line = mappingStart.Start.Line }, mappingStart.Anchor);
                        break;
                    case SequenceEnd:
                    case MappingEnd:
                        Add(stack.Pop());
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw new FormatException($"yaml: line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        return first;

        void Anchor(AnchorName anchor, YNode node)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }
        }

        void Open(YNode node, AnchorName anchor)
        {
            if (stack.Count >= MaxDepth)
            {
                throw new FormatException($"yaml: line {node.Line}: exceeded max depth of {MaxDepth}");
            }

            Anchor(anchor, node);
            stack.Push(node);
        }

        void Add(YNode node)
        {
            if (stack.Count == 0)
            {
                current = node;
                return;
            }

            switch (stack.Peek())
            {
                case YSequence sequence:
                    sequence.Items.Add(node);
                    break;
                case YMapping mapping:
                    if (mapping.PendingKey is null)
                    {
                        mapping.PendingKey = node;
                    }
                    else
                    {
                        mapping.Pairs.Add((mapping.PendingKey, node));
                        mapping.PendingKey = null;
                    }

                    break;
            }
        }
    }

    private static bool IsEmpty(YNode node) =>
        node is YScalar { Value.Length: 0, Style: ScalarStyle.Plain, Tag.Length: 0 };

    private abstract class YNode
    {
        public long Line { get; init; }
    }

    private sealed class YScalar(string value, ScalarStyle style, string tag) : YNode
    {
        public string Value { get; } = value;

        public ScalarStyle Style { get; } = style;

        public string Tag { get; } = tag;
    }

    private sealed class YSequence : YNode
    {
        public List<YNode> Items { get; } = [];
    }

    private sealed class YMapping : YNode
    {
        public List<(YNode Key, YNode Value)> Pairs { get; } = [];

        public YNode? PendingKey { get; set; }
    }

    private sealed class YAlias(string name, YNode target) : YNode
    {
        public string Name { get; } = name;

        public YNode Target { get; } = target;
    }

    /// <summary>
    /// The JSON value of an untagged plain scalar, as this reader converts it (a JSON number is one: <c>1.0</c>
    /// becomes <c>1</c>, <c>-0</c> becomes <c>0</c>); false for a float JSON cannot hold (infinite, NaN).
    /// </summary>
    internal static bool TryPlainScalar(string text, out JsonNode? value)
    {
        var resolved = YamlScalars.Resolve(text);
        if (resolved.Kind == YamlScalarKind.Float && !double.IsFinite(resolved.Float))
        {
            value = null;
            return false;
        }

        value = ValueOf(resolved, text);
        return true;
    }

    private static JsonNode? ValueOf(YamlScalar resolved, string text) => resolved.Kind switch
    {
        YamlScalarKind.Null => null,
        YamlScalarKind.Bool => JsonValue.Create(resolved.Bool),
        YamlScalarKind.Int => JsonValue.Create(resolved.Int),
        YamlScalarKind.Uint => JsonValue.Create(resolved.Uint),
        YamlScalarKind.Float => JsonNode.Parse(GoValues.FormatJsonFloat(resolved.Float)),
        _ => JsonValue.Create(text),
    };

    private sealed class Converter(ICollection<string>? duplicateKeyErrors)
    {
        private const string TagPrefix = "tag:yaml.org,2002:";
        private readonly HashSet<YNode> _inProgress = new(ReferenceEqualityComparer.Instance);
        private int _decodeCount;
        private int _aliasCount;
        private int _aliasDepth;

        public JsonNode? Convert(YNode node, int depth)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            _decodeCount++;
            if (_aliasDepth > 0)
            {
                _aliasCount++;
            }

            // go-yaml v2's guard against "billion laughs" documents.
            if (_aliasCount > 100 && _decodeCount > 1000 && (double)_aliasCount / _decodeCount > AllowedAliasRatio(_decodeCount))
            {
                throw new FormatException("yaml: document contains excessive aliasing");
            }

            switch (node)
            {
                case YAlias alias:
                    if (_inProgress.Contains(alias.Target))
                    {
                        throw new FormatException($"yaml: line {alias.Line}: anchor '{alias.Name}' value contains itself");
                    }

                    _aliasDepth++;
                    try
                    {
                        return Convert(alias.Target, depth);
                    }
                    finally
                    {
                        _aliasDepth--;
                    }

                case YScalar scalar:
                    return ConvertScalar(scalar);
                case YSequence sequence:
                    _inProgress.Add(sequence);
                    var array = new JsonArray();
                    foreach (var item in sequence.Items)
                    {
                        array.Add(Convert(item, depth + 1));
                    }

                    _inProgress.Remove(sequence);
                    return array;
                default:
                    var mapping = (YMapping)node;
                    _inProgress.Add(mapping);
                    var entries = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                    FillMapping(mapping, entries, depth);
                    _inProgress.Remove(mapping);
                    var obj = new JsonObject();
                    foreach (var key in entries.Keys.Order(Comparer<string>.Create(YamlScalars.CompareUtf8)))
                    {
                        obj[key] = entries[key];
                    }

                    return obj;
            }
        }

        private static double AllowedAliasRatio(int decodeCount) => decodeCount switch
        {
            <= 400_000 => 0.99,
            >= 4_000_000 => 0.10,
            _ => 0.99 - (0.89 * ((decodeCount - 400_000) / 3_600_000.0)),
        };

        private void FillMapping(YMapping mapping, Dictionary<string, JsonNode?> entries, int depth)
        {
            foreach (var (keyNode, valueNode) in mapping.Pairs)
            {
                if (keyNode is YScalar { Value: "<<" } mergeKey
                    && ((mergeKey.Style == ScalarStyle.Plain && mergeKey.Tag.Length == 0) || mergeKey.Tag == TagPrefix + "merge"))
                {
                    Merge(valueNode, entries, depth);
                    continue;
                }

                var (key, goKey) = KeyOf(keyNode, valueNode);
                var value = Convert(valueNode, depth + 1);
                if (entries.ContainsKey(key))
                {
                    duplicateKeyErrors?.Add($"line {valueNode.Line}: key {goKey} already set in map");
                }

                entries[key] = value;
            }
        }

        // go-yaml v2 merges in place, in document order; a sequence of maps is merged last to first.
        private void Merge(YNode value, Dictionary<string, JsonNode?> entries, int depth)
        {
            var target = Deref(value);
            switch (target)
            {
                case YMapping mapping:
                    FillMapping(mapping, entries, depth);
                    break;
                case YSequence sequence:
                    for (var i = sequence.Items.Count - 1; i >= 0; i--)
                    {
                        if (Deref(sequence.Items[i]) is not YMapping item)
                        {
                            throw new FormatException($"yaml: line {value.Line}: map merge requires map or sequence of maps as the value");
                        }

                        FillMapping(item, entries, depth);
                    }

                    break;
                default:
                    throw new FormatException($"yaml: line {value.Line}: map merge requires map or sequence of maps as the value");
            }
        }

        private static YNode Deref(YNode node) => node is YAlias alias ? alias.Target : node;

        private static (string Key, string GoKey) KeyOf(YNode keyNode, YNode valueNode)
        {
            if (Deref(keyNode) is not YScalar scalar)
            {
                throw new FormatException($"yaml: line {keyNode.Line}: invalid map key: only scalar keys can be converted to JSON");
            }

            var resolved = ResolveTagged(scalar);
            var key = YamlScalars.KeyString(resolved, scalar.Value)
                ?? throw new FormatException(
                    $"yaml: line {keyNode.Line}: unsupported map key of type: %!s(<nil>), key: <nil>, value: {Describe(valueNode)}");
            return (key, YamlScalars.GoSyntax(resolved, key));
        }

        private static string Describe(YNode node) => node is YScalar s ? GoValues.Quote(s.Value) : node.GetType().Name[1..].ToLowerInvariant();

        private static JsonNode? ConvertScalar(YScalar scalar)
        {
            if (scalar.Tag == TagPrefix + "binary")
            {
                try
                {
                    var bytes = System.Convert.FromBase64String(string.Concat(scalar.Value.Where(c => !char.IsWhiteSpace(c))));
                    return JsonValue.Create(Encoding.UTF8.GetString(bytes));
                }
                catch (FormatException e)
                {
                    throw new FormatException($"yaml: line {scalar.Line}: !!binary value contains invalid base64 data", e);
                }
            }

            var resolved = ResolveTagged(scalar);
            if (resolved.Kind == YamlScalarKind.Float && !double.IsFinite(resolved.Float))
            {
                throw new FormatException(
                    $"json: unsupported value: {GoValues.FormatFloat(resolved.Float, 'g', 64)} (yaml line {scalar.Line})");
            }

            return ValueOf(resolved, scalar.Value);
        }

        // An untagged plain scalar resolves; a quoted or block one is a string; an explicit core tag resolves
        // and must agree (go-yaml: "cannot decode !!str `x` as a !!int"); any other tag leaves a string.
        private static YamlScalar ResolveTagged(YScalar scalar)
        {
            if (scalar.Tag.Length == 0)
            {
                return scalar.Style == ScalarStyle.Plain ? YamlScalars.Resolve(scalar.Value) : new YamlScalar(YamlScalarKind.String);
            }

            if (!scalar.Tag.StartsWith(TagPrefix, StringComparison.Ordinal))
            {
                return new YamlScalar(YamlScalarKind.String);
            }

            var tag = scalar.Tag[TagPrefix.Length..];
            var resolved = YamlScalars.Resolve(scalar.Value);
            var actual = resolved.Kind switch
            {
                YamlScalarKind.Int or YamlScalarKind.Uint => "int",
                YamlScalarKind.Float => "float",
                YamlScalarKind.Bool => "bool",
                YamlScalarKind.Null => "null",
                YamlScalarKind.Timestamp => "timestamp",
                _ => "str",
            };
            switch (tag)
            {
                case "str" or "timestamp" or "merge":
                    return new YamlScalar(YamlScalarKind.String);
                case "float" when resolved.Kind == YamlScalarKind.Int:
                    return new YamlScalar(YamlScalarKind.Float, Float: resolved.Int);
                case "float" when resolved.Kind == YamlScalarKind.Uint:
                    return new YamlScalar(YamlScalarKind.Float, Float: resolved.Uint);
                case "int" or "float" or "bool" or "null":
                    if (actual != tag)
                    {
                        throw new FormatException(
                            $"yaml: line {scalar.Line}: cannot decode !!{actual} `{scalar.Value}` as a !!{tag}");
                    }

                    return resolved;
                default:
                    return new YamlScalar(YamlScalarKind.String);
            }
        }
    }
}
