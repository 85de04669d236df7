using System.Diagnostics;
using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary>
/// Inputs aimed at the paths the families added (space-grouped thousands, decimal commas, sets with repeats, degree
/// marks, compound units): graded, not equal, and fast. The limit is generous; the 50 ms target is GraderBench's.
/// </summary>
public class FamilyHostileInputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    public static TheoryData<string, string> Inputs() => new()
    {
        { "a long space-grouped number", "1" + string.Concat(Enumerable.Repeat(" 000", 450)) },
        { "space groups that never end", string.Concat(Enumerable.Repeat("1 00", 450)) },
        { "commas between single digits", string.Join(",", Enumerable.Repeat("1", 900)) },
        { "decimal-comma-like pairs", string.Join(", ", Enumerable.Repeat("1,5", 400)) },
        { "degree marks", string.Concat(Enumerable.Repeat(@"^\circ C", 200)) },
        { "compound units", "5" + string.Concat(Enumerable.Repeat(" km/h", 300)) },
        { "LaTeX spaces", "5" + string.Concat(Enumerable.Repeat(@"\,", 900)) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Graded_quickly_either_way(string name, string hostile)
    {
        foreach (var grader in new[] { new MathGrader(), new MathGrader(new GraderOptions { DecimalComma = true }) })
        {
            var clock = Stopwatch.StartNew();
            Assert.False(grader.AreEquivalent("7", hostile), name);
            Assert.False(grader.AreEquivalent(hostile, "7"), name);
            Assert.True(clock.Elapsed < Limit, $"{name}: {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
    }

    [Fact]
    public void Nested_sets_with_repeats_are_compared_quickly()
    {
        // Under the 2000-character answer limit; every level compares a set with a repeat against one without.
        var repeated = NestedSet(7, repeat: true);
        Assert.InRange(repeated.Length, 1000, 2000);
        var grader = new MathGrader();
        var clock = Stopwatch.StartNew();
        Assert.True(grader.AreEquivalent(repeated, NestedSet(7, repeat: false)));
        Assert.False(grader.AreEquivalent(repeated, NestedSet(7, repeat: false, leaf: "2")));
        Assert.True(clock.Elapsed < Limit, $"{clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary><c>\{S, S, i\}</c> (or <c>\{S, i\}</c>) nested <paramref name="depth"/> times around a leaf.</summary>
    private static string NestedSet(int depth, bool repeat, string leaf = "1")
    {
        var s = leaf;
        for (int i = 0; i < depth; i++)
            s = repeat ? $@"\{{{s},{s},{i}\}}" : $@"\{{{s},{i}\}}";
        return s;
    }
}
