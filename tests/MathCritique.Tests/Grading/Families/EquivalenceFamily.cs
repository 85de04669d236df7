using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary>
/// One equivalence family: (gold, prediction, equivalent?) cases graded by <see cref="MathGrader.CompareAnswers"/>, with
/// near misses beside the matches, so a family that starts accepting everything (or nothing) fails.
/// </summary>
public static class EquivalenceFamily
{
    public static TheoryData<string, string, bool> Cases(params (string Gold, string Pred, bool Equal)[] cases)
    {
        Assert.Contains(cases, c => c.Equal);
        Assert.Contains(cases, c => !c.Equal);
        var data = new TheoryData<string, string, bool>();
        foreach (var (gold, pred, equal) in cases)
            data.Add(gold, pred, equal);
        return data;
    }

    public static void Decides(MathGrader grader, string gold, string pred, bool expected)
    {
        var result = grader.CompareAnswers(gold, pred);
        Assert.True(expected == result.Correct,
            $"gold [{gold}] vs prediction [{pred}]: expected {(expected ? "equivalent" : "not equivalent")}, got {result.Correct} ({result.Reason})");
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Equal(expected, grader.AreEquivalent(gold, pred));
    }
}
