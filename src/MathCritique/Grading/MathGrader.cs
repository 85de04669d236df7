using System.Globalization;

namespace MathCritique.Grading;

/// <summary>Extracts final answers and decides whether a prediction matches the gold answer.</summary>
public sealed class MathGrader
{
    private readonly GraderOptions _options;

    public MathGrader(GraderOptions? options = null)
    {
        _options = options ?? GraderOptions.Default;
        _options.Validate();
    }

    public GraderOptions Options => _options;

    /// <summary>Grades a full prediction text against a gold text (both may need extraction).</summary>
    public GradeResult Grade(string gold, string prediction)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(prediction);
        var goldAnswer = _options.GoldExtractor.Extract(gold)?.Answer;
        var predicted = _options.PredictionExtractor.Extract(prediction)?.Answer;
        if (goldAnswer is null)
            return new GradeResult(false, null, predicted, "no gold answer found");
        if (predicted is null)
            return new GradeResult(false, goldAnswer, null, "no answer found in prediction");
        var (equal, reason) = Compare(goldAnswer, predicted);
        return new GradeResult(equal, goldAnswer, predicted, reason);
    }

    /// <summary>Whether two already-extracted answers are equivalent.</summary>
    public bool AreEquivalent(string goldAnswer, string predictedAnswer) => Compare(goldAnswer, predictedAnswer).Equal;

    private (bool Equal, string Reason) Compare(string gold, string predicted)
    {
        if (gold.Length > _options.MaxAnswerLength || predicted.Length > _options.MaxAnswerLength)
            return (false, "unparseable: answer too long");
        var a = Normalize(gold);
        var b = Normalize(predicted);
        if (a == b)
            return (true, "equal after normalization");
        if (TryNumber(a, out var x) && TryNumber(b, out var y))
        {
            bool close = Math.Abs(x - y) <= _options.RelativeTolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
            return (close, close ? "numerically equal" : "different numbers");
        }
        return (false, "different");
    }

    private static string Normalize(string s) => s.Trim().Trim('$').Replace(",", "").Replace(" ", "").TrimEnd('.');

    private static bool TryNumber(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
