using Bosun.Api.Validation;

namespace Bosun.Api.Selectors;

/// <summary>
/// The label selector query-string grammar, lexed and parsed the way k8s.io/apimachinery
/// <c>pkg/labels</c> does it, so that what is accepted, what is rejected and the error texts agree.
/// </summary>
/// <remarks>
/// <code>
/// selector    ::= requirement | requirement "," selector
/// requirement ::= [!] KEY [ set-restriction | exact-restriction ]
/// set-restriction   ::= ("in" | "notin") "(" [ VALUE { "," VALUE } ] ")"
/// exact-restriction ::= ("=" | "==" | "!=" | "&gt;" | "&lt;") VALUE
/// </code>
/// Whitespace (space, tab, CR, LF) separates tokens; <c>in</c>/<c>notin</c> are keywords only where an
/// operator is expected.
/// </remarks>
internal sealed class LabelSelectorParser
{
    private readonly List<(Token Token, string Literal)> _items = [];
    private int _position;

    private LabelSelectorParser(string text)
    {
        var lexer = new Lexer(text);
        while (true)
        {
            var item = lexer.Lex();
            _items.Add(item);
            if (item.Token == Token.EndOfString)
            {
                break;
            }
        }
    }

    private enum Token
    {
        Error,
        EndOfString,
        ClosedPar,
        Comma,
        DoesNotExist,
        DoubleEquals,
        Equals,
        GreaterThan,
        Identifier,
        In,
        LessThan,
        NotEquals,
        NotIn,
        OpenPar,
    }

    // Where in/notin are read as identifiers (everywhere except the operator position).
    private enum Context
    {
        KeyAndOperator,
        Values,
    }

    /// <summary>Parses the text into requirements (unsorted); throws <see cref="FormatException"/> with Kubernetes' message.</summary>
    public static List<LabelSelectorRequirement> Parse(string text) => new LabelSelectorParser(text).ParseAll();

    private static Token? KeywordOrSymbol(string text) => text switch
    {
        ")" => Token.ClosedPar,
        "," => Token.Comma,
        "!" => Token.DoesNotExist,
        "==" => Token.DoubleEquals,
        "=" => Token.Equals,
        ">" => Token.GreaterThan,
        "in" => Token.In,
        "<" => Token.LessThan,
        "!=" => Token.NotEquals,
        "notin" => Token.NotIn,
        "(" => Token.OpenPar,
        _ => null,
    };

    private (Token Token, string Literal) Lookahead(Context context) => Adjust(_items[Math.Min(_position, _items.Count - 1)], context);

    // Never reads past the end-of-string item, whatever the grammar asks for.
    private (Token Token, string Literal) Consume(Context context) => Adjust(_items[Math.Min(_position++, _items.Count - 1)], context);

    private static (Token Token, string Literal) Adjust((Token Token, string Literal) item, Context context) =>
        context == Context.Values && item.Token is Token.In or Token.NotIn ? (Token.Identifier, item.Literal) : item;

    private List<LabelSelectorRequirement> ParseAll()
    {
        var requirements = new List<LabelSelectorRequirement>();
        while (true)
        {
            var (token, literal) = Lookahead(Context.Values);
            switch (token)
            {
                case Token.Identifier:
                case Token.DoesNotExist:
                    requirements.Add(ParseRequirementOrThrow());
                    var (next, nextLiteral) = Consume(Context.Values);
                    switch (next)
                    {
                        case Token.EndOfString:
                            return requirements;
                        case Token.Comma:
                            var (after, afterLiteral) = Lookahead(Context.Values);
                            if (after is not (Token.Identifier or Token.DoesNotExist))
                            {
                                throw new FormatException($"found '{afterLiteral}', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw new FormatException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }

                    break;
                case Token.EndOfString:
                    return requirements;
                default:
                    throw new FormatException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelSelectorRequirement ParseRequirementOrThrow()
    {
        var requirement = ParseRequirement(out var error);
        return requirement ?? throw new FormatException("unable to parse requirement: " + error);
    }

    private LabelSelectorRequirement? ParseRequirement(out string? error)
    {
        if (!ParseKeyAndInferOperator(out var key, out var inferred, out error))
        {
            return null;
        }

        string[] values;
        SelectionOperator op;
        if (inferred is { } unary)
        {
            op = unary;
            values = [];
        }
        else
        {
            if (!ParseOperator(out op, out error))
            {
                return null;
            }

            var set = op is SelectionOperator.In or SelectionOperator.NotIn
                ? ParseValues(out error)
                : ParseExactValue(out error);
            if (set is null)
            {
                return null;
            }

            // Kubernetes collects values in a set and lists it sorted.
            values = [.. set];
            Array.Sort(values, GoText.CodePointComparer);
        }

        var requirement = LabelSelectorRequirement.TryCreate(key, op, values, out var errors);
        if (errors.Count != 0)
        {
            error = FieldError.Aggregate(errors);
            return null;
        }

        error = null;
        return requirement;
    }

    // Reads "[!] KEY"; the operator is inferred (Exists/DoesNotExist) or left null for the caller to read.
    private bool ParseKeyAndInferOperator(out string key, out SelectionOperator? op, out string? error)
    {
        key = "";
        op = null;
        var (token, literal) = Consume(Context.Values);
        if (token == Token.DoesNotExist)
        {
            op = SelectionOperator.DoesNotExist;
            (token, literal) = Consume(Context.Values);
        }

        if (token != Token.Identifier)
        {
            error = $"found '{literal}', expected: identifier";
            return false;
        }

        // Kubernetes validates the key here with a nil field path, which prints as "<nil>".
        if (LabelSelectorRequirement.ValidateKey(literal, "<nil>") is { } keyError)
        {
            error = keyError.ToString();
            return false;
        }

        if (op is null && Lookahead(Context.Values).Token is Token.EndOfString or Token.Comma)
        {
            op = SelectionOperator.Exists;
        }

        key = literal;
        error = null;
        return true;
    }

    private bool ParseOperator(out SelectionOperator op, out string? error)
    {
        var (token, literal) = Consume(Context.KeyAndOperator);
        error = null;
        switch (token)
        {
            case Token.In: op = SelectionOperator.In; return true;
            case Token.Equals: op = SelectionOperator.Equal; return true;
            case Token.DoubleEquals: op = SelectionOperator.DoubleEqual; return true;
            case Token.GreaterThan: op = SelectionOperator.GreaterThan; return true;
            case Token.LessThan: op = SelectionOperator.LessThan; return true;
            case Token.NotIn: op = SelectionOperator.NotIn; return true;
            case Token.NotEquals: op = SelectionOperator.NotEqual; return true;
            default:
                op = default;
                error = $"found '{literal}', expected: {string.Join(", ", SelectionOperatorText.BinaryOperators)}";
                return false;
        }
    }

    private HashSet<string>? ParseValues(out string? error)
    {
        var (token, literal) = Consume(Context.Values);
        if (token != Token.OpenPar)
        {
            // Kubernetes' wording lacks the comma here.
            error = $"found '{literal}' expected: '('";
            return null;
        }

        (token, literal) = Lookahead(Context.Values);
        switch (token)
        {
            case Token.Identifier:
            case Token.Comma:
                var set = ParseIdentifiersList(out error);
                if (set is null)
                {
                    return null;
                }

                if (Consume(Context.Values).Token != Token.ClosedPar)
                {
                    error = $"found '{literal}', expected: ')'";
                    return null;
                }

                return set;
            case Token.ClosedPar:
                // "()" means the one empty value.
                Consume(Context.Values);
                error = null;
                return [""];
            default:
                error = $"found '{literal}', expected: ',', ')' or identifier";
                return null;
        }
    }

    // A comma-separated list in which empty items (",," "(," ",)") stand for the empty value.
    private HashSet<string>? ParseIdentifiersList(out string? error)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (token, literal) = Consume(Context.Values);
            switch (token)
            {
                case Token.Identifier:
                    set.Add(literal);
                    var (next, nextLiteral) = Lookahead(Context.Values);
                    switch (next)
                    {
                        case Token.Comma:
                            continue;
                        case Token.ClosedPar:
                            error = null;
                            return set;
                        default:
                            error = $"found '{nextLiteral}', expected: ',' or ')'";
                            return null;
                    }

                case Token.Comma:
                    if (set.Count == 0)
                    {
                        set.Add("");
                    }

                    var (following, _) = Lookahead(Context.Values);
                    if (following == Token.ClosedPar)
                    {
                        set.Add("");
                        error = null;
                        return set;
                    }

                    if (following == Token.Comma)
                    {
                        Consume(Context.Values);
                        set.Add("");
                    }

                    break;
                default:
                    error = $"found '{literal}', expected: ',', or identifier";
                    return null;
            }
        }
    }

    private HashSet<string>? ParseExactValue(out string? error)
    {
        error = null;
        var (token, _) = Lookahead(Context.Values);
        if (token is Token.EndOfString or Token.Comma)
        {
            // "a=" selects the empty value.
            return [""];
        }

        (token, var literal) = Consume(Context.Values);
        if (token == Token.Identifier)
        {
            return [literal];
        }

        error = $"found '{literal}', expected: identifier";
        return null;
    }

    private sealed class Lexer(string text)
    {
        private int _pos;

        public (Token Token, string Literal) Lex()
        {
            var ch = SkipWhitespace(Read());
            if (ch == '\0')
            {
                return (Token.EndOfString, "");
            }

            _pos--;
            return IsSpecialSymbol(ch) ? ScanSpecialSymbol() : ScanIdOrKeyword();
        }

        private static bool IsWhitespace(char ch) => ch is ' ' or '\t' or '\r' or '\n';

        private static bool IsSpecialSymbol(char ch) => ch is '=' or '!' or '(' or ')' or ',' or '>' or '<';

        // Like Kubernetes' lexer, a NUL reads as the end of the input.
        private char Read() => _pos < text.Length ? text[_pos++] : '\0';

        private char SkipWhitespace(char ch)
        {
            while (IsWhitespace(ch))
            {
                ch = Read();
            }

            return ch;
        }

        private (Token, string) ScanIdOrKeyword()
        {
            var start = _pos;
            var end = _pos;
            while (true)
            {
                var ch = Read();
                if (ch == '\0')
                {
                    break;
                }

                if (IsSpecialSymbol(ch) || IsWhitespace(ch))
                {
                    _pos--;
                    break;
                }

                end = _pos;
            }

            var literal = text[start..end];
            return KeywordOrSymbol(literal) is { } keyword ? (keyword, literal) : (Token.Identifier, literal);
        }

        // The longest run of symbol characters that is still an operator ("!=" over "!", "==" over "=").
        private (Token, string) ScanSpecialSymbol()
        {
            var start = _pos;
            var end = _pos;
            (Token Token, string Literal)? last = null;
            while (true)
            {
                var ch = Read();
                if (ch == '\0')
                {
                    break;
                }

                if (!IsSpecialSymbol(ch))
                {
                    _pos--;
                    break;
                }

                end = _pos;
                var buffer = text[start..end];
                if (KeywordOrSymbol(buffer) is { } token)
                {
                    last = (token, buffer);
                }
                else if (last is not null)
                {
                    _pos--;
                    break;
                }
            }

            return last ?? (Token.Error, $"error expected: keyword found '{text[start..end]}'");
        }
    }
}
