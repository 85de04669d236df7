namespace MathCritique.Grading;

/// <summary>How a percentage in one answer relates to a plain number in the other.</summary>
public enum PercentPolicy
{
    /// <summary><c>10\%</c> equals both <c>10</c> and <c>0.1</c>.</summary>
    Lenient,
    /// <summary><c>10\%</c> equals <c>10</c> only (the sign is dropped).</summary>
    DropSign,
    /// <summary><c>10\%</c> equals <c>0.1</c> only (the sign means /100).</summary>
    AsFraction,
}

/// <summary>Options of <see cref="MathGrader"/>.</summary>
public sealed record GraderOptions
{
    /// <summary>Relative tolerance for numeric equality (|a-b| &lt;= tol * max(1, |a|, |b|)).</summary>
    public double RelativeTolerance { get; init; } = 1e-6;

    public PercentPolicy Percent { get; init; } = PercentPolicy.Lenient;

    /// <summary>
    /// A gold written as a rounded decimal (k ≥ 1 fraction digits, e.g. <c>0.33</c>) also accepts a prediction that
    /// rounds to it at k digits when the prediction is exact (<c>\frac13</c>) or at least k+2 digits long (<c>0.3333</c>).
    /// </summary>
    public bool MatchGoldPrecision { get; init; } = true;

    /// <summary>
    /// Reads a comma between digits as a decimal point, as in much of Europe: <c>1,22</c> is 1.22 instead of the two
    /// answers 1 and 22 (the default, off). The ambiguous <c>1,000</c> is one thousand either way: commas that group
    /// the digits in threes (<c>1,000</c>, <c>12,345,678</c>) are thousands separators first, so only a comma that
    /// cannot be one (<c>1,5</c>, <c>3,14</c>, <c>1000,99</c>) is a decimal comma. Only outside brackets, with no space
    /// after the comma and for a single comma: <c>(1,5)</c>, <c>1, 5</c> and <c>1,5,7</c> stay lists.
    /// </summary>
    public bool DecimalComma { get; init; }

    /// <summary>Finds the answer in the gold text (a bare answer or a whole reference solution); see <see cref="AnswerExtractor.Gold"/>.</summary>
    public AnswerExtractor GoldExtractor { get; init; } = AnswerExtractor.Gold;

    /// <summary>Finds the answer in the prediction (a model's solution).</summary>
    public AnswerExtractor PredictionExtractor { get; init; } = AnswerExtractor.Default;

    /// <summary>Answers longer than this are not parsed (reported as unparseable).</summary>
    public int MaxAnswerLength { get; init; } = 2000;

    public static GraderOptions Default { get; } = new();

    public void Validate()
    {
        if (!(RelativeTolerance >= 0 && RelativeTolerance < 1))
            throw new ArgumentOutOfRangeException(nameof(RelativeTolerance), RelativeTolerance, "must be in [0, 1)");
        if (MaxAnswerLength < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxAnswerLength), MaxAnswerLength, "must be positive");
    }
}
