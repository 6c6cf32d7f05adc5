using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Api.Patching;

namespace Bosun.Api.Serialization;

/// <summary>
/// Writes JSON values as YAML in go-yaml v2's block layout and with its scalar styles, which is what
/// sigs.k8s.io/yaml's <c>JSONToYAML</c> (kubectl <c>-o yaml</c>, kube-apiserver's YAML responses) produces.
/// </summary>
internal static class YamlEmitter
{
    private const int Indent = 2;

    private enum Style
    {
        Plain,
        SingleQuoted,
        DoubleQuoted,
        Literal,
    }

    public static string Emit(JsonNode? root)
    {
        var builder = new StringBuilder();
        switch (root)
        {
            case JsonObject { Count: > 0 } obj:
                WriteMapping(builder, obj, 0, inline: false);
                break;
            case JsonArray { Count: > 0 } array:
                WriteSequence(builder, array, 0, inline: false);
                break;
            default:
                WriteInlineValue(builder, root, Indent);
                builder.Append('\n');
                break;
        }

        return builder.ToString();
    }

    // Writes the entries of a non-empty mapping whose keys sit at column `indent`; when `inline`, the
    // first key continues the current line (after "- ").
    private static void WriteMapping(StringBuilder builder, JsonObject obj, int indent, bool inline)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var keys = obj.Select(p => p.Key).ToList();
        keys.Sort((a, b) => YamlScalars.KeyLess(a, b) ? -1 : YamlScalars.KeyLess(b, a) ? 1 : 0);
        var first = true;
        foreach (var key in keys)
        {
            if (!first || !inline)
            {
                builder.Append(' ', indent);
            }

            first = false;
            WriteScalarString(builder, key, isKey: true, contentIndent: indent + Indent);
            builder.Append(':');
            var value = obj[key];
            switch (value)
            {
                case JsonObject { Count: > 0 } child:
                    builder.Append('\n');
                    WriteMapping(builder, child, indent + Indent, inline: false);
                    break;
                case JsonArray { Count: > 0 } list:
                    // go-yaml does not indent a sequence under its mapping key.
                    builder.Append('\n');
                    WriteSequence(builder, list, indent, inline: false);
                    break;
                default:
                    builder.Append(' ');
                    WriteInlineValue(builder, value, indent + Indent);
                    builder.Append('\n');
                    break;
            }
        }
    }

    private static void WriteSequence(StringBuilder builder, JsonArray array, int indent, bool inline)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var first = true;
        foreach (var item in array)
        {
            if (!first || !inline)
            {
                builder.Append(' ', indent);
            }

            first = false;
            builder.Append('-');
            switch (item)
            {
                case JsonObject { Count: > 0 } child:
                    builder.Append(' ');
                    WriteMapping(builder, child, indent + Indent, inline: true);
                    break;
                case JsonArray { Count: > 0 } list:
                    builder.Append(' ');
                    WriteSequence(builder, list, indent + Indent, inline: true);
                    break;
                default:
                    builder.Append(' ');
                    WriteInlineValue(builder, item, indent + Indent);
                    builder.Append('\n');
                    break;
            }
        }
    }

    // A scalar or empty collection on the current line; a literal block's lines go to `contentIndent`.
    private static void WriteInlineValue(StringBuilder builder, JsonNode? value, int contentIndent)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                return;
            case JsonObject:
                builder.Append("{}");
                return;
            case JsonArray:
                builder.Append("[]");
                return;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                builder.Append("true");
                return;
            case JsonValueKind.False:
                builder.Append("false");
                return;
            case JsonValueKind.Number:
                WriteNumber(builder, GoValues.NumberText(value));
                return;
            default:
                WriteScalarString(builder, value.GetValue<string>(), isKey: false, contentIndent);
                return;
        }
    }

    // JSONToYAML reads the JSON text with go-yaml, so a number becomes an int, a uint or a float64.
    private static void WriteNumber(StringBuilder builder, string text)
    {
        var resolved = YamlScalars.Resolve(text);
        switch (resolved.Kind)
        {
            case YamlScalarKind.Int:
                builder.Append(resolved.Int.ToString(CultureInfo.InvariantCulture));
                break;
            case YamlScalarKind.Uint:
                builder.Append(resolved.Uint.ToString(CultureInfo.InvariantCulture));
                break;
            case YamlScalarKind.Float:
                builder.Append(GoValues.FormatFloat(resolved.Float, 'g', 64));
                break;
            default:
                WriteScalarString(builder, text, isKey: false, contentIndent: 0);
                break;
        }
    }

    private static void WriteScalarString(StringBuilder builder, string value, bool isKey, int contentIndent)
    {
        switch (SelectStyle(value, isKey))
        {
            case Style.Plain:
                builder.Append(value);
                break;
            case Style.SingleQuoted:
                builder.Append('\'').Append(value.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
                break;
            case Style.Literal:
                WriteLiteral(builder, value, contentIndent);
                break;
            default:
                WriteDoubleQuoted(builder, value);
                break;
        }
    }

    // go-yaml's encoder picks literal (newlines), plain (if it would read back as a string) or double
    // quotes; the emitter then downgrades a style the characters do not allow, as libyaml does.
    private static Style SelectStyle(string value, bool isKey)
    {
        var resolved = YamlScalars.Resolve(value).Kind;
        var canUsePlain = resolved == YamlScalarKind.String && !YamlScalars.IsBase60Float(value);
        var style = value.Contains('\n', StringComparison.Ordinal) ? Style.Literal : canUsePlain ? Style.Plain : Style.DoubleQuoted;
        var analysis = Analyze(value);
        if (style == Style.Plain && (!analysis.BlockPlainAllowed || (value.Length == 0 && isKey)))
        {
            style = Style.SingleQuoted;
        }

        if (style == Style.SingleQuoted && !analysis.SingleQuotedAllowed)
        {
            style = Style.DoubleQuoted;
        }

        if (style == Style.Literal && (!analysis.BlockAllowed || isKey))
        {
            style = Style.DoubleQuoted;
        }

        return style;
    }

    private readonly record struct Analysis(bool BlockPlainAllowed, bool SingleQuotedAllowed, bool BlockAllowed);

    // libyaml's yaml_emitter_analyze_scalar, block context only.
    private static Analysis Analyze(string value)
    {
        if (value.Length == 0)
        {
            return new Analysis(BlockPlainAllowed: true, SingleQuotedAllowed: true, BlockAllowed: false);
        }

        var runes = value.EnumerateRunes().Select(r => r.Value).ToArray();
        bool blockIndicators = false, lineBreaks = false, specialCharacters = false;
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
        bool breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;

        if (value.StartsWith("---", StringComparison.Ordinal) || value.StartsWith("...", StringComparison.Ordinal))
        {
            blockIndicators = true;
        }

        var precededByWhitespace = true;
        for (var i = 0; i < runes.Length; i++)
        {
            var c = runes[i];
            var followedByWhitespace = i + 1 >= runes.Length || IsBlankOrBreak(runes[i + 1]);
            if (i == 0)
            {
                switch (c)
                {
                    case '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`':
                        blockIndicators = true;
                        break;
                    case '?' or ':' when followedByWhitespace:
                        blockIndicators = true;
                        break;
                    case '-' when followedByWhitespace:
                        blockIndicators = true;
                        break;
                }
            }
            else
            {
                if (c == ':' && followedByWhitespace)
                {
                    blockIndicators = true;
                }

                if (c == '#' && precededByWhitespace)
                {
                    blockIndicators = true;
                }
            }

            if (!IsPrintable(c))
            {
                specialCharacters = true;
            }

            if (IsBreak(c))
            {
                lineBreaks = true;
            }

            if (c == ' ')
            {
                leadingSpace |= i == 0;
                trailingSpace |= i == runes.Length - 1;
                breakSpace |= previousBreak;
                previousSpace = true;
                previousBreak = false;
            }
            else if (IsBreak(c))
            {
                leadingBreak |= i == 0;
                trailingBreak |= i == runes.Length - 1;
                spaceBreak |= previousSpace;
                previousBreak = true;
                previousSpace = false;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
            }

            precededByWhitespace = IsBlankOrBreak(c);
        }

        bool blockPlain = true, singleQuoted = true, block = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
        {
            blockPlain = false;
        }

        if (trailingSpace)
        {
            block = false;
        }

        if (breakSpace)
        {
            blockPlain = false;
            singleQuoted = false;
        }

        if (spaceBreak || specialCharacters)
        {
            blockPlain = false;
            singleQuoted = false;
            block = false;
        }

        if (lineBreaks || blockIndicators)
        {
            blockPlain = false;
        }

        // Only '\n' is written as a line of a literal block here; other break characters go double-quoted.
        if (runes.Any(r => IsBreak(r) && r != '\n'))
        {
            block = false;
            singleQuoted = false;
        }

        return new Analysis(blockPlain, singleQuoted, block);
    }

    private static bool IsBreak(int c) => c is '\r' or '\n' or 0x85 or 0x2028 or 0x2029;

    private static bool IsBlankOrBreak(int c) => c is ' ' or '\t' || IsBreak(c);

    private static bool IsPrintable(int c) =>
        c == 0x0A
        || (c >= 0x20 && c <= 0x7E)
        || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);

    private static void WriteLiteral(StringBuilder builder, string value, int contentIndent)
    {
        builder.Append('|');
        if (value[0] == ' ' || value[0] == '\n')
        {
            builder.Append((char)('0' + Indent));
        }

        if (value[^1] != '\n')
        {
            builder.Append('-');
        }
        else if (value.Length == 1 || value[^2] == '\n')
        {
            builder.Append('+');
        }

        builder.Append('\n');
        var atLineStart = true;
        foreach (var c in value)
        {
            if (c == '\n')
            {
                builder.Append('\n');
                atLineStart = true;
                continue;
            }

            if (atLineStart)
            {
                builder.Append(' ', contentIndent);
                atLineStart = false;
            }

            builder.Append(c);
        }

        // The caller ends the line; a value that ended with its own newline already did.
        if (atLineStart)
        {
            builder.Length--;
        }
    }

    private static void WriteDoubleQuoted(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.Value;
            var escape = c switch
            {
                0x00 => "\\0",
                0x07 => "\\a",
                0x08 => "\\b",
                0x09 => "\\t",
                0x0A => "\\n",
                0x0B => "\\v",
                0x0C => "\\f",
                0x0D => "\\r",
                0x1B => "\\e",
                '"' => "\\\"",
                '\\' => "\\\\",
                0x85 => "\\N",
                0x2028 => "\\L",
                0x2029 => "\\P",
                _ => null,
            };
            if (escape is not null)
            {
                builder.Append(escape);
            }
            else if (IsPrintable(c))
            {
                builder.Append(rune.ToString());
            }
            else if (c <= 0xFF)
            {
                builder.Append("\\x").Append(c.ToString("X2", CultureInfo.InvariantCulture));
            }
            else if (c <= 0xFFFF)
            {
                builder.Append("\\u").Append(c.ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("\\U").Append(c.ToString("X8", CultureInfo.InvariantCulture));
            }
        }

        builder.Append('"');
    }
}
