using System.Globalization;
using System.Text.RegularExpressions;

namespace MathCritique.Sampling;

/// <summary>
/// An <see cref="IInlineTool"/> that writes the value of <c>a op b</c> when the completion has just written
/// <c>a op b {trigger} </c> — for a critic whose check line redoes a step's sum (<c>17 * 4 makes </c> → <c>68</c>),
/// so that what it compares with the stated result is the true value, not its own arithmetic. The value ends with a
/// space, so the number is closed: without one a model can go on writing digits after it (<c>19 - 18 makes 1</c>
/// became <c>makes 11</c>). It writes nothing where the value is not an exact decimal of at most six places
/// (<c>10 / 3</c>), or would overflow.
/// </summary>
public sealed class InlineCalculator : IInlineTool
{
    private readonly Regex _pattern;

    /// <param name="trigger">The word between the expression and its value (the lab critics' check lines: <c>makes</c>).</param>
    public InlineCalculator(string trigger = "makes")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trigger);
        Trigger = trigger;
        // Anchored at the end, with a bounded number length: the tool runs after every token.
        _pattern = new Regex($@"(?<![\d.])(\d{{1,15}}(?:\.\d{{1,6}})?) ([-+*/×]) (\d{{1,15}}(?:\.\d{{1,6}})?) {Regex.Escape(trigger)} \z",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The <see cref="Name"/> of every calculator, and how a GGUF declares one (<c>model tag --tool calculator</c>).</summary>
    public const string ToolName = "calculator";

    public string Name => ToolName;

    public string Trigger { get; }

    public string? TextAfter(string completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        // Only the tail can hold the expression (at most 49 characters and the trigger): the check stays cheap on long
        // completions, and a tail that starts inside a number leaves more digits of it than the pattern takes.
        int keep = 60 + Trigger.Length;
        var tail = completion.Length > keep ? completion[^keep..] : completion;
        if (!tail.EndsWith(' ') || _pattern.Match(tail) is not { Success: true } m)
            return null;
        decimal a = decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        decimal b = decimal.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        decimal? value;
        try
        {
            value = m.Groups[2].Value switch
            {
                "+" => a + b,
                "-" => a - b,
                "*" or "×" => a * b,
                _ => b == 0 ? null : a / b,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
        return value is { } v && decimal.Round(v, 6) == v ? v.ToString("0.######", CultureInfo.InvariantCulture) + " " : null;
    }
}
