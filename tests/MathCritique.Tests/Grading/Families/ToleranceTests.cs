using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary><see cref="GraderOptions.RelativeTolerance"/> reaches every place a number is compared, not just a bare number.</summary>
public class ToleranceTests
{
    private static readonly MathGrader Loose = new(new GraderOptions { RelativeTolerance = 1e-2 });
    private static readonly MathGrader Strict = new();

    // (gold, prediction within 1% of it, prediction 5% off): the first pair matches only under the loose tolerance.
    public static TheoryData<string, string, string> Everywhere => new()
    {
        { "3.14", "3.15", "3.3" },
        { @"\{3.14, 2\}", @"\{2, 3.15\}", @"\{2, 3.3\}" },
        { "(3.14, 2)", "(3.15, 2)", "(3.3, 2)" },
        { "[0, 3.14)", "[0, 3.15)", "[0, 3.3)" },
        { @"(-\infty, 3.14) \cup (5, \infty)", @"(5, \infty) \cup (-\infty, 3.15)", @"(5, \infty) \cup (-\infty, 3.3)" },
        { @"\begin{pmatrix}3.14\\1\end{pmatrix}", @"\begin{pmatrix}3.15\\1\end{pmatrix}", @"\begin{pmatrix}3.3\\1\end{pmatrix}" },
        { "x = 3.14", "x = 3.15", "x = 3.3" },
        { "x < 3.14", "3.15 > x", "3.3 > x" },
        { @"1 \pm 3.14", "1+3.15, 1-3.15", "1+3.3, 1-3.3" },
        { "3.14x", "3.15x", "3.3x" },
        { "y = 3.14x", "3.15x = y", "3.3x = y" },
        { @"31.4\%", "0.315", "0.33" },
        { @"3.14 \text{ cm}", "3.15", "3.3" },
        { @"\pi", "3.14", "3" },
    };

    [Theory]
    [MemberData(nameof(Everywhere))]
    public void Tolerance_applies_inside_every_structure(string gold, string close, string far)
    {
        EquivalenceFamily.Decides(Loose, gold, close, true);
        EquivalenceFamily.Decides(Loose, gold, far, false);
        EquivalenceFamily.Decides(Strict, gold, close, false);
    }

    [Fact]
    public void The_interval_brackets_still_matter_under_a_loose_tolerance() =>
        EquivalenceFamily.Decides(Loose, "[0, 3.14)", "[0, 3.15]", false);
}
