using System.Text;

namespace MathCritique.Processes;

/// <summary>
/// A command line with <c>{placeholder}</c>s, as a user writes it in a config file (<c>llamafactory-cli train {yaml}</c>,
/// <c>vllm serve {checkpoint} --port {port}</c>). It is split into words the way a shell splits them (blanks separate;
/// '…' and "…" quote, without escapes inside; a backslash escapes the next character outside quotes; <c>{{</c> and <c>}}</c> are literal
/// braces), and each placeholder is replaced inside its word, so a path with spaces stays one argument. No shell runs
/// it: for pipes or <c>&amp;&amp;</c>, write <c>sh -c '…'</c> (the values are then not quoted for that shell).
/// </summary>
public sealed class CommandTemplate
{
    private readonly IReadOnlyList<string> _words;

    private CommandTemplate(string text, IReadOnlyList<string> words)
    {
        Text = text;
        _words = words;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>
    /// Reads <paramref name="text"/> and checks that it names an executable and only the placeholders in
    /// <paramref name="placeholders"/>; errors name the template and what is wrong.
    /// </summary>
    public static CommandTemplate Parse(string text, IReadOnlyCollection<string> placeholders)
    {
        ArgumentNullException.ThrowIfNull(placeholders);
        if (string.IsNullOrWhiteSpace(text))
            throw new ArgumentException("The command is empty.");
        var words = Split(text);
        foreach (var word in words)
            Expand(word, name => placeholders.Contains(name)
                ? ""
                : throw new ArgumentException($"Command '{text}': unknown placeholder {{{name}}} (known: {string.Join(", ", placeholders.Select(p => $"{{{p}}}"))})."), text);
        if (words.Count == 0 || Expand(words[0], _ => "x", text).Length == 0)
            throw new ArgumentException($"Command '{text}' names no program.");
        return new CommandTemplate(text, words);
    }

    /// <summary>The program and its arguments with every placeholder replaced by its value.</summary>
    public IReadOnlyList<string> Expand(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return _words.Select(w => Expand(w, name => values.TryGetValue(name, out var value)
            ? value
            : throw new ArgumentException($"Command '{Text}': no value for {{{name}}}."), Text)).ToArray();
    }

    public override string ToString() => Text;

    // Words keep their placeholders (and {{ }} escapes) for Expand; quotes and backslashes are resolved here.
    private static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c is '\'' or '"')
            {
                int close = text.IndexOf(c, i + 1);
                if (close < 0)
                    throw new ArgumentException($"Command '{text}': unclosed {c}.");
                word.Append(text, i + 1, close - i - 1);
                i = close;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else
            {
                word.Append(c);
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }

    private static string Expand(string word, Func<string, string> value, string text)
    {
        var result = new StringBuilder();
        for (int i = 0; i < word.Length; i++)
        {
            char c = word[i];
            if ((c == '{' || c == '}') && i + 1 < word.Length && word[i + 1] == c)
            {
                result.Append(c);
                i++;
            }
            else if (c == '{')
            {
                int close = word.IndexOf('}', i + 1);
                if (close < 0)
                    throw new ArgumentException($"Command '{text}': unclosed {{ (write {{{{ for a literal brace).");
                result.Append(value(word[(i + 1)..close]));
                i = close;
            }
            else if (c == '}')
            {
                throw new ArgumentException($"Command '{text}': unmatched }} (write }}}} for a literal brace).");
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }
}
