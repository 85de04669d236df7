namespace MathCritique.Grading;

/// <summary>
/// Where a kind of dataset keeps its answers: the extraction rules, in priority order, for the gold side and for the
/// prediction side. <see cref="Gsm8k"/>, <see cref="Math"/> and <see cref="Plain"/> cover the common formats;
/// <see cref="Default"/> is what <see cref="GraderOptions"/> uses when no preset is named. A preset is a record, so one
/// side can be reordered: <c>GradingPreset.Math with { PredictionExtractor = AnswerExtractor.Parse("boxed,last_number") }</c>.
/// </summary>
/// <param name="Name">What the command line calls it (<c>grade --preset gsm8k</c>).</param>
public sealed record GradingPreset(string Name, AnswerExtractor GoldExtractor, AnswerExtractor PredictionExtractor)
{
    /// <summary>Gold: a bare answer or a whole reference solution of either dataset; prediction: every rule (<see cref="AnswerExtractor.Default"/>).</summary>
    public static GradingPreset Default { get; } = new("default", AnswerExtractor.Gold, AnswerExtractor.Default);

    /// <summary>
    /// GSM8K: the gold is the reference solution ending <c>#### 72</c> (or the bare number); predictions end with
    /// <c>####</c>, "The answer is 72", a box or <c>A:</c>, else their last number. GSM8K answers are numbers, so a LaTeX
    /// environment or the whole text as an expression is never tried (they would outrank the last number).
    /// </summary>
    public static GradingPreset Gsm8k { get; } = new(
        "gsm8k",
        new AnswerExtractor([ExtractionMethod.Gsm8kHashes, ExtractionMethod.AnswerColon, ExtractionMethod.TheAnswerIs, ExtractionMethod.Boxed, ExtractionMethod.WholeText]),
        new AnswerExtractor([ExtractionMethod.Gsm8kHashes, ExtractionMethod.TheAnswerIs, ExtractionMethod.Boxed, ExtractionMethod.AnswerColon, ExtractionMethod.LastNumber]));

    /// <summary>
    /// MATH: the gold is the reference solution with its <c>\boxed{}</c> answer (or the bare answer); predictions
    /// box their answer, say "the final answer is $…$", or end in LaTeX: the whole text as an expression, then the last
    /// math environment, and the last number only when nothing else is found.
    /// </summary>
    public static GradingPreset Math { get; } = new(
        "math",
        new AnswerExtractor([ExtractionMethod.Boxed, ExtractionMethod.WholeText]),
        new AnswerExtractor(
        [
            ExtractionMethod.Boxed, ExtractionMethod.TheAnswerIs, ExtractionMethod.AnswerColon,
            ExtractionMethod.WholeExpression, ExtractionMethod.LastMathEnvironment, ExtractionMethod.LastNumber,
        ]));

    /// <summary>Both sides are the answer itself (a box around it is taken off): no phrase or last-number guessing.</summary>
    public static GradingPreset Plain { get; } = new("plain", AnswerExtractor.Verbatim, AnswerExtractor.Verbatim);

    public static IReadOnlyList<GradingPreset> All { get; } = [Default, Gsm8k, Math, Plain];

    /// <summary>The preset of that name (case-insensitive).</summary>
    /// <exception cref="FormatException">No preset has that name; the message lists the names.</exception>
    public static GradingPreset Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new FormatException($"unknown grading preset \"{name}\" (known: {string.Join(", ", All.Select(p => p.Name))})");
    }

    /// <summary><paramref name="options"/> (tolerance, percent policy...) with this preset's extractors.</summary>
    public GraderOptions ApplyTo(GraderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { GoldExtractor = GoldExtractor, PredictionExtractor = PredictionExtractor };
    }
}
