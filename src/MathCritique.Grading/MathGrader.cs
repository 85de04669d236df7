using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace MathCritique.Grading;

/// <summary>
/// Extracts final answers and decides whether a prediction matches the gold answer. Plain numbers take a fast path;
/// everything else is normalized (<see cref="LatexNormalizer"/>), parsed (<see cref="MathParser"/>) and compared
/// (<see cref="AnswerComparer"/>). Thread-safe: a grader holds only its immutable options.
/// </summary>
public sealed class MathGrader
{
    private readonly GraderOptions _options;
    private readonly AnswerComparer _comparer;

    public MathGrader(GraderOptions? options = null)
    {
        _options = options ?? GraderOptions.Default;
        _options.Validate();
        _comparer = new AnswerComparer(_options);
    }

    public GraderOptions Options => _options;

    /// <summary>Grades a full prediction text against a gold text (both may need extraction).</summary>
    public GradeResult Grade(string gold, string prediction)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(prediction);
        var goldExtracted = _options.GoldExtractor.Extract(gold, _options.DecimalComma);
        var predExtracted = _options.PredictionExtractor.Extract(prediction, _options.DecimalComma);
        var (goldAnswer, predicted) = (goldExtracted?.Answer, predExtracted?.Answer);
        var verdict = goldAnswer is null ? new Verdict(false, "no gold answer found")
            : predicted is null ? new Verdict(false, "no answer found in prediction")
            : Compare(goldAnswer, predicted);
        return new GradeResult(verdict.Equal, goldAnswer, predicted, verdict.Reason)
        {
            GoldRule = goldExtracted?.Method,
            PredictionRule = predExtracted?.Method,
        };
    }

    /// <summary>
    /// How <see cref="Grade"/> reaches its verdict on one pair, for a person auditing a disagreement: per side the rules
    /// tried in order, the one that found the answer, the answer, its normalized form and exact value when it has one;
    /// then the verdict and why.
    /// </summary>
    public string Explain(string gold, string prediction)
    {
        var result = Grade(gold, prediction);
        var text = new StringBuilder();
        Side("gold", gold, _options.GoldExtractor, result.GoldAnswer, result.GoldRule);
        Side("prediction", prediction, _options.PredictionExtractor, result.PredictedAnswer, result.PredictionRule);
        text.Append(CultureInfo.InvariantCulture, $"verdict: {(result.Correct ? "equivalent" : "not equivalent")} ({result.Reason})\n");
        return text.ToString();

        void Side(string name, string input, AnswerExtractor extractor, string? answer, ExtractionMethod? rule)
        {
            string shown = input.Length <= 200 ? input : input[..200] + "…";
            text.Append(CultureInfo.InvariantCulture, $"{name}: {shown.Replace("\n", "\\n", StringComparison.Ordinal)}\n");
            text.Append(CultureInfo.InvariantCulture, $"  rules, in order: {string.Join(", ", extractor.Order.Select(m => ExtractionRuleNames.Of(m)))}\n");
            if (answer is null)
            {
                text.Append("  no rule found an answer\n");
                return;
            }
            text.Append(CultureInfo.InvariantCulture, $"  {ExtractionRuleNames.Of(rule)} found: {answer}\n");
            if (answer.Length <= _options.MaxAnswerLength)
                text.Append(CultureInfo.InvariantCulture, $"  normalized: {LatexNormalizer.Normalize(answer)}\n");
            if (TryCanonicalize(answer, out var key))
                text.Append(CultureInfo.InvariantCulture, $"  exact value: {key}\n");
        }
    }

    /// <summary>Compares two already-extracted answers and says why they are or are not equivalent.</summary>
    public GradeResult CompareAnswers(string goldAnswer, string predictedAnswer)
    {
        ArgumentNullException.ThrowIfNull(goldAnswer);
        ArgumentNullException.ThrowIfNull(predictedAnswer);
        var verdict = Compare(goldAnswer, predictedAnswer);
        return new GradeResult(verdict.Equal, goldAnswer, predictedAnswer, verdict.Reason);
    }

    /// <summary>Whether two already-extracted answers are equivalent.</summary>
    public bool AreEquivalent(string goldAnswer, string predictedAnswer)
    {
        ArgumentNullException.ThrowIfNull(goldAnswer);
        ArgumentNullException.ThrowIfNull(predictedAnswer);
        return Compare(goldAnswer, predictedAnswer).Equal;
    }

    /// <summary>
    /// A cheap exact key for answers that are rational numbers: <c>0.5</c>, <c>\frac{1}{2}</c>, <c>\$0.50</c> and
    /// <c>x = 2/4</c> all give "1/2"; <c>1,000</c> gives "1000". Equal keys imply <see cref="AreEquivalent"/>; the converse
    /// does not hold (0.3333333 and 1/3 are equivalent within tolerance but have different keys), so group by key first
    /// and merge the remaining groups with <see cref="AreEquivalent"/>. Returns false for everything else (expressions,
    /// lists, percentages, whose equivalence depends on the options).
    /// </summary>
    public bool TryCanonicalize(string answer, [NotNullWhen(true)] out string? key)
    {
        ArgumentNullException.ThrowIfNull(answer);
        key = null;
        if (answer.Length > _options.MaxAnswerLength)
            return false;
        if (PlainNumber.TryParseExact(answer, out var numerator, out var denominator))
        {
            key = CanonicalKey.Format(numerator, denominator);
            return true;
        }
        var normalized = LatexNormalizer.Normalize(answer);
        if (PlainNumber.TryParseExact(normalized, out numerator, out denominator))
        {
            key = CanonicalKey.Format(numerator, denominator);
            return true;
        }
        MathExpr parsed;
        try
        {
            parsed = MathParser.Parse(normalized, _options.DecimalComma);
        }
        catch (MathParseException)
        {
            return false;
        }
        if (!CanonicalKey.TryCompute(parsed, out var computed))
            return false;
        key = computed;
        return true;
    }

    private Verdict Compare(string gold, string predicted)
    {
        if (gold.Length > _options.MaxAnswerLength)
            return new(false, $"unparseable: gold answer too long ({gold.Length} characters)");
        if (predicted.Length > _options.MaxAnswerLength)
            return new(false, $"unparseable: predicted answer too long ({predicted.Length} characters)");
        if (TryComparePlain(gold, predicted, out var fast))
            return fast;
        var goldNormalized = LatexNormalizer.Normalize(gold);
        var predNormalized = LatexNormalizer.Normalize(predicted);
        if (goldNormalized.Length == 0)
            return new(false, "unparseable: gold: empty answer");
        if (predNormalized.Length == 0)
            return new(false, "unparseable: prediction: empty answer");
        // With decimal commas, "1,5" and "1, 5" differ by the space alone.
        bool spacesMatter = _options.DecimalComma && (goldNormalized.Contains(',', StringComparison.Ordinal) || predNormalized.Contains(',', StringComparison.Ordinal));
        if (spacesMatter ? goldNormalized == predNormalized : WithoutSpaces(goldNormalized) == WithoutSpaces(predNormalized))
            return new(true, "identical after normalization");
        if (WordAnswer.TryCompare(goldNormalized, predNormalized, out var words))
            return words;
        if (TryComparePlain(goldNormalized, predNormalized, out fast))
            return fast;
        MathExpr goldExpr, predExpr;
        try
        {
            goldExpr = MathParser.Parse(goldNormalized, _options.DecimalComma);
        }
        catch (MathParseException e)
        {
            return new(false, $"unparseable: gold: {e.Message}");
        }
        try
        {
            predExpr = MathParser.Parse(predNormalized, _options.DecimalComma);
        }
        catch (MathParseException e)
        {
            return new(false, $"unparseable: prediction: {e.Message}");
        }
        try
        {
            return _comparer.Compare(goldExpr, predExpr);
        }
        catch (MathParseException e)
        {
            return new(false, $"unparseable: {e.Message}");
        }
    }

    private bool TryComparePlain(string gold, string predicted, out Verdict verdict)
    {
        verdict = default;
        if (!PlainNumber.TryParse(gold, out var g, out var goldDecimals) || !PlainNumber.TryParse(predicted, out var p, out var predDecimals))
            return false;
        // Integers beyond double precision (16+ digits) are compared digit for digit.
        if (goldDecimals == 0 && predDecimals == 0 && Math.Abs(g) >= 1e15
            && PlainNumber.TryParseExact(gold, out var goldExact, out _) && PlainNumber.TryParseExact(predicted, out var predExact, out _))
        {
            verdict = goldExact == predExact ? new(true, "equal numbers") : new(false, "different numbers");
            return true;
        }
        verdict = NumberComparison.Compare(new Complex(g, 0), new Complex(p, 0), goldDecimals, predDecimals, _options);
        return true;
    }

    /// <summary>Drops spaces, except between two digits ("1 2" must not become 12).</summary>
    private static string WithoutSpaces(string s)
    {
        if (!s.Contains(' ', StringComparison.Ordinal))
            return s;
        var sb = new System.Text.StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != ' ')
            {
                sb.Append(s[i]);
                continue;
            }
            int next = i;
            while (next < s.Length && s[next] == ' ')
                next++;
            if (sb.Length > 0 && char.IsAsciiDigit(sb[^1]) && next < s.Length && char.IsAsciiDigit(s[next]))
                sb.Append(' ');
            i = next - 1;
        }
        return sb.ToString();
    }
}
