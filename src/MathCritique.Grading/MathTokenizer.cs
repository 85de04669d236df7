using System.Collections.Frozen;
using System.Globalization;

namespace MathCritique.Grading;

internal enum TokenKind
{
    End, Number, Symbol, Constant, Function, Frac, Sqrt, Binom,
    Plus, Minus, PlusMinus, MinusPlus, Times, Divide, Caret, Underscore, Bang, Percent, Prime, Degree,
    LParen, RParen, LBracket, RBracket, LBrace, RBrace, LSet, RSet, LAngle, RAngle,
    LFloor, RFloor, LCeil, RCeil, Bar,
    Comma, Semicolon, Amp, RowSep, BeginEnv, EndEnv,
    Relation, Cup, Dots, EmptySet,
}

/// <summary>One token. <see cref="Text"/> is the digits of a number, a symbol/function/environment name;
/// <see cref="SpaceBefore"/> tells <c>2 1/2</c> (a mixed number) from <c>21/2</c>.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, double Value = 0, int Decimals = 0, bool SpaceBefore = false,
    RelationOp Relation = RelationOp.Equal, ConstantKind Constant = ConstantKind.Pi);

/// <summary>
/// Splits a normalized LaTeX or plain-math answer into tokens. Letter runs of three or more letters that are
/// not function names become one lower-cased word symbol (so "Evelyn" is not e·v·e·l·y·n); shorter runs are
/// single-letter symbols multiplied implicitly (<c>xy</c>). Outside brackets, <c>1,000</c> is one number.
/// </summary>
internal static class MathTokenizer
{
    public const int MaxTokens = 4000;

    private static readonly FrozenDictionary<string, Token> Commands = new Dictionary<string, Token>
    {
        ["frac"] = new(TokenKind.Frac, "frac"),
        ["dfrac"] = new(TokenKind.Frac, "frac"),
        ["tfrac"] = new(TokenKind.Frac, "frac"),
        ["cfrac"] = new(TokenKind.Frac, "frac"),
        ["sqrt"] = new(TokenKind.Sqrt, "sqrt"),
        ["binom"] = new(TokenKind.Binom, "binom"),
        ["dbinom"] = new(TokenKind.Binom, "binom"),
        ["tbinom"] = new(TokenKind.Binom, "binom"),
        ["cdot"] = new(TokenKind.Times, "*"),
        ["times"] = new(TokenKind.Times, "*"),
        ["ast"] = new(TokenKind.Times, "*"),
        ["div"] = new(TokenKind.Divide, "/"),
        ["pm"] = new(TokenKind.PlusMinus, "pm"),
        ["mp"] = new(TokenKind.MinusPlus, "mp"),
        ["le"] = Rel(RelationOp.LessEqual),
        ["leq"] = Rel(RelationOp.LessEqual),
        ["leqslant"] = Rel(RelationOp.LessEqual),
        ["ge"] = Rel(RelationOp.GreaterEqual),
        ["geq"] = Rel(RelationOp.GreaterEqual),
        ["geqslant"] = Rel(RelationOp.GreaterEqual),
        ["lt"] = Rel(RelationOp.Less),
        ["gt"] = Rel(RelationOp.Greater),
        ["ne"] = Rel(RelationOp.NotEqual),
        ["neq"] = Rel(RelationOp.NotEqual),
        ["approx"] = Rel(RelationOp.Equal),
        ["equiv"] = Rel(RelationOp.Equal),
        ["in"] = Rel(RelationOp.In),
        ["cup"] = new(TokenKind.Cup, "cup"),
        ["infty"] = Const(ConstantKind.Infinity),
        ["infinity"] = Const(ConstantKind.Infinity),
        ["pi"] = Const(ConstantKind.Pi),
        ["circ"] = new(TokenKind.Degree, "circ"),
        ["degree"] = new(TokenKind.Degree, "circ"),
        ["prime"] = new(TokenKind.Prime, "'"),
        ["%"] = new(TokenKind.Percent, "%"),
        ["{"] = new(TokenKind.LSet, "{"),
        ["}"] = new(TokenKind.RSet, "}"),
        ["lvert"] = new(TokenKind.Bar, "|"),
        ["rvert"] = new(TokenKind.Bar, "|"),
        ["vert"] = new(TokenKind.Bar, "|"),
        ["mid"] = new(TokenKind.Bar, "|"),
        ["lfloor"] = new(TokenKind.LFloor, "lfloor"),
        ["rfloor"] = new(TokenKind.RFloor, "rfloor"),
        ["lceil"] = new(TokenKind.LCeil, "lceil"),
        ["rceil"] = new(TokenKind.RCeil, "rceil"),
        ["langle"] = new(TokenKind.LAngle, "langle"),
        ["rangle"] = new(TokenKind.RAngle, "rangle"),
        ["ldots"] = new(TokenKind.Dots, "dots"),
        ["cdots"] = new(TokenKind.Dots, "dots"),
        ["dots"] = new(TokenKind.Dots, "dots"),
        ["emptyset"] = new(TokenKind.EmptySet, "emptyset"),
        ["varnothing"] = new(TokenKind.EmptySet, "emptyset"),
        ["\\"] = new(TokenKind.RowSep, "\\\\"),
        ["cr"] = new(TokenKind.RowSep, "\\\\"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Functions, with or without a backslash; the value is the canonical name.</summary>
    internal static readonly FrozenDictionary<string, string> FunctionNames = new Dictionary<string, string>
    {
        ["sin"] = "sin",
        ["cos"] = "cos",
        ["tan"] = "tan",
        ["cot"] = "cot",
        ["sec"] = "sec",
        ["csc"] = "csc",
        ["arcsin"] = "arcsin",
        ["arccos"] = "arccos",
        ["arctan"] = "arctan",
        ["sinh"] = "sinh",
        ["cosh"] = "cosh",
        ["tanh"] = "tanh",
        ["log"] = "log",
        ["ln"] = "ln",
        ["lg"] = "log",
        ["exp"] = "exp",
        ["sqrt"] = "sqrt",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Commands that only style or size what follows; they are skipped.</summary>
    private static readonly FrozenSet<string> Ignored = new[]
    {
        "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "displaystyle", "textstyle",
        "limits", ",", ";", ":", "!", " ", "quad", "qquad", "mathbf", "mathrm", "mathit", "mathsf", "boldsymbol", "bf", "rm", "it",
        "text", "textbf", "textrm", "textit", "mbox", "operatorname", "overline", "bar", "vec", "hat", "tilde", "mathbb", "mathcal", "cal",
        "nonumber", "hspace", "phantom", "underline", "color",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Greek = new[]
    {
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda",
        "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega",
    }.ToFrozenDictionary(n => n, n => "\\" + n, StringComparer.Ordinal);

    private static Token Rel(RelationOp op) => new(TokenKind.Relation, op.ToString(), Relation: op);

    private static Token Const(ConstantKind kind) => new(TokenKind.Constant, kind.ToString(), Constant: kind);

    /// <param name="decimalComma">Read a lone comma between digits as a decimal point (<see cref="GraderOptions.DecimalComma"/>).</param>
    /// <exception cref="MathParseException">On a character that cannot start a token, or too many tokens.</exception>
    public static List<Token> Tokenize(string s, bool decimalComma = false)
    {
        var tokens = new List<Token>(Math.Min(s.Length, 64));
        int depth = 0; // bracket depth: thousands separators are only read outside brackets, where a comma cannot separate items of a tuple
        int i = 0;
        bool space = false;
        while (i < s.Length)
        {
            if (tokens.Count > MaxTokens)
                throw new MathParseException("too many tokens");
            char c = s[i];
            if (char.IsWhiteSpace(c))
            {
                space = true;
                i++;
                continue;
            }
            var start = tokens.Count;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
                i = ReadNumber(s, i, depth == 0, decimalComma && depth == 0, tokens, space);
            else if (char.IsAsciiLetter(c))
                i = ReadLetters(s, i, tokens, space);
            else if (c == '\\')
                i = ReadCommand(s, i, tokens, space, ref depth);
            else
            {
                i = ReadSymbol(s, i, tokens, space);
                var last = tokens.Count > start ? tokens[^1].Kind : TokenKind.End;
                if (last is TokenKind.LParen or TokenKind.LBracket)
                    depth++;
                else if (last is TokenKind.RParen or TokenKind.RBracket && depth > 0)
                    depth--;
            }
            if (tokens.Count > start)
                space = false;
        }
        tokens.Add(new Token(TokenKind.End, ""));
        return tokens;
    }

    private static int ReadNumber(string s, int i, bool allowThousands, bool decimalComma, List<Token> tokens, bool space)
    {
        var digits = new System.Text.StringBuilder();
        while (i < s.Length && char.IsAsciiDigit(s[i]))
            digits.Append(s[i++]);
        // 1,000 or 12,345,678 (outside brackets, where a comma cannot separate items), or 1 000 and 12 345 678 (anywhere):
        // groups of exactly three digits, and the leading group at most three.
        if (digits.Length is > 0 and <= 3)
        {
            int j = i;
            var grouped = new System.Text.StringBuilder();
            char separator = '\0';
            while (j < s.Length && IsGroupSeparator(s[j], allowThousands) && (separator == '\0' || s[j] == separator) && IsDigitGroup(s, j + 1))
            {
                separator = s[j];
                grouped.Append(s, j + 1, 3);
                j += 4;
            }
            // A space-grouped number must end there: 2 125/1000 is a mixed number, 1 0000 two numbers.
            bool ends = !(j < s.Length && (char.IsAsciiDigit(s[j]) || (separator != ',' && s[j] == '/')));
            if (grouped.Length > 0 && ends)
            {
                digits.Append(grouped);
                i = j;
            }
        }
        int decimals = 0;
        var text = digits.ToString();
        if (i < s.Length && ((s[i] == '.' && !(i + 1 < s.Length && s[i + 1] == '.')) || (decimalComma && IsDecimalComma(s, i))))
        {
            int j = i + 1;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
                j++;
            decimals = j - i - 1;
            text = (text.Length == 0 ? "0" : text) + "." + s[(i + 1)..j];
            i = j;
            if (TryRepeating(s, ref i, text, out var repeating))
            {
                tokens.Add(new Token(TokenKind.Number, text, repeating, -1, space));
                return i;
            }
        }
        double value = double.Parse(text.Length == 0 ? "0" : text, NumberStyles.Float, CultureInfo.InvariantCulture);
        // 1e3, 2.5E-4: only when digits follow, so 2e stays 2·e.
        if (i + 1 < s.Length && s[i] is 'e' or 'E')
        {
            int j = i + 1;
            if (j < s.Length && s[j] is '+' or '-')
                j++;
            int expStart = j;
            while (j < s.Length && char.IsAsciiDigit(s[j]) && j - expStart < 6)
                j++;
            if (j > expStart && !(j < s.Length && char.IsAsciiLetterOrDigit(s[j])))
            {
                var full = (text.Length == 0 ? "0" : text) + s[i..j]; // separators already dropped from text
                value = double.Parse(full, NumberStyles.Float, CultureInfo.InvariantCulture);
                tokens.Add(new Token(TokenKind.Number, full, value, -1, space));
                return j;
            }
        }
        tokens.Add(new Token(TokenKind.Number, text, value, decimals, space));
        return i;
    }

    /// <summary>
    /// A comma right after an integer's digits that is a decimal point when <see cref="GraderOptions.DecimalComma"/> is on:
    /// digits follow at once, and no other comma-digit group before or after (1,5,7 is a list), nor a point (1,5.2).
    /// </summary>
    private static bool IsDecimalComma(string s, int i)
    {
        if (!(i > 0 && char.IsAsciiDigit(s[i - 1]) && s[i] == ',' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            return false;
        int before = i - 1;
        while (before > 0 && char.IsAsciiDigit(s[before - 1]))
            before--;
        if (before > 0 && s[before - 1] is ',' or '.')
            return false;
        int j = i + 1;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
            j++;
        return !(j < s.Length && s[j] == '.') && !(j + 1 < s.Length && s[j] == ',' && char.IsAsciiDigit(s[j + 1]));
    }

    /// <summary>A thousands separator: a comma (where allowed) or one space, also the no-break and thin spaces.</summary>
    private static bool IsGroupSeparator(char c, bool allowComma) => c is ' ' or '\u00A0' or '\u2009' or '\u202F' || (allowComma && c == ',');

    private static bool IsDigitGroup(string s, int at) =>
        at + 3 <= s.Length && char.IsAsciiDigit(s[at]) && char.IsAsciiDigit(s[at + 1]) && char.IsAsciiDigit(s[at + 2]);

    /// <summary>Reads <c>\overline{3}</c> after <c>0.</c>: 0.\overline{3} = 1/3, 0.1\overline{6} = 1/6.</summary>
    private static bool TryRepeating(string s, ref int i, string prefix, out double value)
    {
        value = 0;
        int j = i;
        foreach (var command in (ReadOnlySpan<string>)["\\overline{", "\\bar{", "\\dot{"])
        {
            if (string.CompareOrdinal(s, i, command, 0, command.Length) != 0)
                continue;
            j = i + command.Length;
            int digitsStart = j;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
                j++;
            int count = j - digitsStart;
            if (count is 0 or > 12 || j >= s.Length || s[j] != '}')
                return false;
            double head = double.Parse(prefix, NumberStyles.Float, CultureInfo.InvariantCulture);
            int headDecimals = prefix.Length - prefix.IndexOf('.') - 1;
            double block = double.Parse(s.AsSpan(digitsStart, count), NumberStyles.Integer, CultureInfo.InvariantCulture);
            value = head + block / ((Math.Pow(10, count) - 1) * Math.Pow(10, headDecimals));
            i = j + 1;
            return true;
        }
        return false;
    }

    private static int ReadLetters(string s, int i, List<Token> tokens, bool space)
    {
        int start = i;
        while (i < s.Length && char.IsAsciiLetter(s[i]))
            i++;
        var run = s[start..i];
        if (FunctionNames.TryGetValue(run, out var function))
        {
            tokens.Add(function == "sqrt" ? new Token(TokenKind.Sqrt, "sqrt", SpaceBefore: space) : new Token(TokenKind.Function, function, SpaceBefore: space));
            return i;
        }
        switch (run.ToLowerInvariant())
        {
            case "pi":
                tokens.Add(Const(ConstantKind.Pi) with { SpaceBefore = space });
                return i;
            case "inf" or "infinity" or "infty":
                tokens.Add(Const(ConstantKind.Infinity) with { SpaceBefore = space });
                return i;
            case "and" or "or":
                tokens.Add(new Token(TokenKind.Comma, ",", SpaceBefore: space));
                return i;
        }
        if (run.Length >= 3)
        {
            tokens.Add(new Token(TokenKind.Symbol, run.ToLowerInvariant(), SpaceBefore: space));
            return i;
        }
        foreach (var letter in run)
        {
            tokens.Add(letter switch
            {
                'e' => Const(ConstantKind.E) with { SpaceBefore = space },
                'i' => Const(ConstantKind.I) with { SpaceBefore = space },
                _ => new Token(TokenKind.Symbol, letter.ToString(), SpaceBefore: space),
            });
            space = false;
        }
        return i;
    }

    private static int ReadCommand(string s, int i, List<Token> tokens, bool space, ref int depth)
    {
        int start = i + 1;
        if (start >= s.Length)
            throw new MathParseException("dangling backslash");
        int end = start;
        if (char.IsAsciiLetter(s[start]))
        {
            while (end < s.Length && char.IsAsciiLetter(s[end]))
                end++;
        }
        else
            end = start + 1;
        var name = s[start..end];
        if (name is "begin" or "end")
        {
            int close = end < s.Length && s[end] == '{' ? s.IndexOf('}', end) : -1;
            if (close < 0)
                throw new MathParseException($"\\{name} without an environment name");
            var env = s[(end + 1)..close].Trim().TrimEnd('*');
            tokens.Add(new Token(name == "begin" ? TokenKind.BeginEnv : TokenKind.EndEnv, env, SpaceBefore: space));
            return close + 1;
        }
        if (Ignored.Contains(name))
            return name is "left" or "right" && end < s.Length && s[end] == '.' ? end + 1 : end;
        if (Commands.TryGetValue(name, out var token))
        {
            if (token.Kind == TokenKind.LSet)
                depth++;
            else if (token.Kind == TokenKind.RSet && depth > 0)
                depth--;
            tokens.Add(token with { SpaceBefore = space });
            return end;
        }
        if (FunctionNames.TryGetValue(name, out var function))
        {
            tokens.Add(new Token(TokenKind.Function, function, SpaceBefore: space));
            return end;
        }
        if (name == "$")
            return end; // a currency sign
        if (name == "|")
        {
            tokens.Add(new Token(TokenKind.Bar, "|", SpaceBefore: space));
            return end;
        }
        // Greek letters and unknown commands are symbols: compared by name, evaluated as variables.
        tokens.Add(new Token(TokenKind.Symbol, Greek.TryGetValue(name, out var greek) ? greek : "\\" + name, SpaceBefore: space));
        return end;
    }

    private static int ReadSymbol(string s, int i, List<Token> tokens, bool space)
    {
        char c = s[i];
        char next = i + 1 < s.Length ? s[i + 1] : '\0';
        Token t;
        int length = 1;
        switch (c)
        {
            case '+': t = new(TokenKind.Plus, "+"); break;
            case '-' or '−' or '–': t = new(TokenKind.Minus, "-"); break;
            case '±': t = new(TokenKind.PlusMinus, "pm"); break;
            case '*' when next == '*': t = new(TokenKind.Caret, "^"); length = 2; break;
            case '*' or '·' or '×' or '⋅': t = new(TokenKind.Times, "*"); break;
            case '/' or '÷': t = new(TokenKind.Divide, "/"); break;
            case '^': t = new(TokenKind.Caret, "^"); break;
            case '_': t = new(TokenKind.Underscore, "_"); break;
            case '!' when next == '=': t = Rel(RelationOp.NotEqual); length = 2; break;
            case '!': t = new(TokenKind.Bang, "!"); break;
            case '%': t = new(TokenKind.Percent, "%"); break;
            case '\'': t = new(TokenKind.Prime, "'"); break;
            case '°': t = new(TokenKind.Degree, "circ"); break;
            case '(': t = new(TokenKind.LParen, "("); break;
            case ')': t = new(TokenKind.RParen, ")"); break;
            case '[': t = new(TokenKind.LBracket, "["); break;
            case ']': t = new(TokenKind.RBracket, "]"); break;
            case '{': t = new(TokenKind.LBrace, "{"); break;
            case '}': t = new(TokenKind.RBrace, "}"); break;
            case '|': t = new(TokenKind.Bar, "|"); break;
            case ',': t = new(TokenKind.Comma, ","); break;
            case ';': t = new(TokenKind.Semicolon, ";"); break;
            case '&': t = new(TokenKind.Amp, "&"); break;
            case '=' when next == '=': t = Rel(RelationOp.Equal); length = 2; break;
            case '=' when next == '<': t = Rel(RelationOp.LessEqual); length = 2; break;
            case '=' or '≈': t = Rel(RelationOp.Equal); break;
            case '<' when next == '=': t = Rel(RelationOp.LessEqual); length = 2; break;
            case '>' when next == '=': t = Rel(RelationOp.GreaterEqual); length = 2; break;
            case '<': t = Rel(RelationOp.Less); break;
            case '>': t = Rel(RelationOp.Greater); break;
            case '≤': t = Rel(RelationOp.LessEqual); break;
            case '≥': t = Rel(RelationOp.GreaterEqual); break;
            case '≠': t = Rel(RelationOp.NotEqual); break;
            case '∈': t = Rel(RelationOp.In); break;
            case '∪': t = new(TokenKind.Cup, "cup"); break;
            case '∞': t = Const(ConstantKind.Infinity); break;
            case 'π': t = Const(ConstantKind.Pi); break;
            case '√': t = new(TokenKind.Sqrt, "sqrt"); break;
            case '.' when next == '.':
                while (i + length < s.Length && s[i + length] == '.')
                    length++;
                t = new(TokenKind.Dots, "dots");
                break;
            case '~': return i + 1;
            default:
                throw new MathParseException($"unexpected character '{c}'");
        }
        tokens.Add(t with { SpaceBefore = space });
        return i + length;
    }
}
