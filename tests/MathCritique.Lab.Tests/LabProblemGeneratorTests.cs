using System.Text.RegularExpressions;
using MathCritique.Grading;

namespace MathCritique.Lab.Tests;

public class LabProblemGeneratorTests
{
    [Fact]
    public void Same_seed_gives_same_problems_and_different_seeds_differ()
    {
        var a = new LabProblemGenerator(7).Generate(3, LabSplit.Train, 20).Select(p => p.Question).ToArray();
        var b = new LabProblemGenerator(7).Generate(3, LabSplit.Train, 20).Select(p => p.Question).ToArray();
        var c = new LabProblemGenerator(8).Generate(3, LabSplit.Train, 20).Select(p => p.Question).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        // Problem n does not depend on how many were asked for.
        Assert.Equal(a[5], new LabProblemGenerator(7).Create(3, LabSplit.Train, 5).Question);
    }

    [Fact]
    public void Splits_never_share_canonical_content()
    {
        var generator = new LabProblemGenerator(3);
        var keys = new Dictionary<LabSplit, HashSet<string>>();
        foreach (var split in new[] { LabSplit.Train, LabSplit.Dev, LabSplit.Test })
        {
            keys[split] = [];
            for (int level = 1; level <= 5; level++)
            {
                foreach (var p in generator.Generate(level, split, 2000))
                {
                    Assert.Equal(split, LabSplits.Of(p.CanonicalKey));
                    keys[split].Add(p.CanonicalKey);
                }
            }
            // Not a degenerate world: most problems are distinct (level 1 has only a few hundred in all).
            Assert.True(keys[split].Count > 6000, $"only {keys[split].Count} distinct {split.Name()} problems");
        }
        Assert.Empty(keys[LabSplit.Train].Intersect(keys[LabSplit.Dev]));
        Assert.Empty(keys[LabSplit.Train].Intersect(keys[LabSplit.Test]));
        Assert.Empty(keys[LabSplit.Dev].Intersect(keys[LabSplit.Test]));
    }

    [Fact]
    public void About_one_problem_in_ten_hashes_into_dev_and_one_in_ten_into_test()
    {
        var splits = Enumerable.Range(0, 20000).Select(i => LabSplits.Of($"{i},{i % 7}|s1+{i % 13}")).ToArray();
        Assert.InRange(splits.Count(s => s == LabSplit.Dev), 1700, 2300);
        Assert.InRange(splits.Count(s => s == LabSplit.Test), 1700, 2300);
    }

    /// <summary>
    /// Ids name a fixed problem: figures, records and docs refer to them. Train is what the shipped models were
    /// trained on and must not move; dev and test are as docs/lab-splits.md describes them.
    /// </summary>
    [Theory]
    [InlineData("train", 1, 0, "lab-L1-train-0", "Ava has 16 shells. She finds 2 more. How many shells does Ava have now?", 18)]
    [InlineData("train", 3, 7, "lab-L3-train-7", "Zoe has 44 cookies. She keeps one of 4 equal piles. She buys 2 trays of 6 each. How many cookies does Zoe have now?", 23)]
    [InlineData("dev", 1, 0, "lab-L1-dev-0", "Ava has 20 shells. She ends up with 3 times as many. How many shells does Ava have now?", 60)]
    [InlineData("dev", 3, 7, "lab-L3-dev-7", "Raj has 31 cookies. He ends up with 3 times as many. He buys 11 more. He gives 4 to Zoe. How many cookies does Raj have now?", 100)]
    [InlineData("test", 1, 0, "lab-L1-test-0", "Ben has 7 pencils. He ends up with 2 times as many. How many pencils does Ben have now?", 14)]
    [InlineData("test", 3, 7, "lab-L3-test-7", "Ava has 16 beads. She trades away 12. She trades away 1. Zoe gives her 18 more. How many beads does Ava have now?", 21)]
    public void Problem_ids_are_stable(string split, int level, int index, string id, string question, long answer)
    {
        var p = new LabProblemGenerator(2024).Create(level, LabSplits.Parse(split), index);
        Assert.Equal(id, p.Id);
        Assert.Equal(question, p.Question);
        Assert.Equal(answer, p.Answer);
    }

    [Fact]
    public void Split_names_read_back_and_others_are_refused()
    {
        foreach (var split in Enum.GetValues<LabSplit>())
            Assert.Equal(split, LabSplits.Parse(split.Name()));
        Assert.Equal(LabSplit.Dev, LabSplits.Parse(" Dev "));
        Assert.Contains("train, dev or test", Assert.Throws<ArgumentException>(() => LabSplits.Parse("val")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Problems_have_level_many_steps_exact_arithmetic_and_fit_the_lab_context(int level)
    {
        var problems = new LabProblemGenerator(level * 101).Generate(level, LabSplit.Test, 300).ToArray();
        foreach (var p in problems)
        {
            Assert.InRange(p.Steps.Count, level, level == 5 ? 6 : level);
            Assert.InRange(p.Question.Length, 1, LabProblemGenerator.MaxQuestionChars);
            Assert.InRange(p.ReferenceSolution.Length, 1, LabProblemGenerator.MaxSolutionChars);
            Assert.Matches(@"^lab-L\d-test-\d+$", p.Id);
            foreach (var s in p.Steps)
            {
                Assert.Equal(s.Result, (long)s.Operator.Apply(s.Left.Value, s.Right.Value)!.Value);
                Assert.True(s.Result >= 0);
                Assert.Contains(s.Computation, s.Sentence);
                // Every operand is stated in the question or computed by an earlier step.
                foreach (var operand in new[] { s.Left, s.Right })
                {
                    if (operand.FromStep is { } from)
                        Assert.Equal(p.Steps[from - 1].Result, operand.Value);
                    else
                        Assert.Matches($@"\b{operand.Value}\b", p.Question);
                }
            }
            Assert.Matches($@"\nThe answer is {p.Answer}\.$", p.ReferenceSolution);
        }
        // Operations vary and larger levels use larger numbers.
        Assert.True(problems.SelectMany(p => p.Steps).Select(s => s.Operator).Distinct().Count() >= (level == 1 ? 3 : 4));
    }

    [Fact]
    public void Operand_sizes_grow_with_level()
    {
        double MeanStart(int level) => new LabProblemGenerator(5).Generate(level, LabSplit.Train, 200).Average(p => p.Givens[0]);
        Assert.True(MeanStart(5) > MeanStart(1) * 2);
    }

    [Fact]
    public void ToProblem_carries_the_plan_and_the_split()
    {
        var lab = new LabProblemGenerator(9).Create(4, LabSplit.Test, 3);
        var problem = lab.ToProblem();
        Assert.Equal("lab", problem.Source);
        Assert.Equal(4, problem.Level);
        Assert.Equal("test", problem.Metadata["split"]);
        Assert.Equal(lab.Answer.ToString(), problem.ReferenceAnswer);
        Assert.True(new MathGrader().Grade(problem.ReferenceAnswer, problem.ReferenceSolution!).Correct);
        var back = LabProblem.FromProblem(problem);
        Assert.Equal(lab.Givens, back.Givens);
        Assert.Equal(lab.Steps, back.Steps);
        Assert.Equal(lab.Split, back.Split);
        Assert.Equal(lab.ReferenceSolution, back.ReferenceSolution);
    }

    [Fact]
    public void FromProblem_rejects_non_lab_problems_clearly()
    {
        var e = Assert.Throws<FormatException>(() => LabProblem.FromProblem(new MathCritique.Problems.Problem("gsm-1", "q", "1")));
        Assert.Contains("gsm-1", e.Message);
        var broken = LabFixtures.Mia.ToProblem();
        broken = broken with { Metadata = new Dictionary<string, string>(broken.Metadata) { ["lab_plan"] = "{not json" } };
        Assert.Contains("lab_plan", Assert.Throws<FormatException>(() => LabProblem.FromProblem(broken)).Message);
    }

    [Fact]
    public void Rejects_levels_outside_1_to_5()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabProblemGenerator(1).Create(0, LabSplit.Train, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabProblemGenerator(1).Generate(6, LabSplit.Train, 1).ToList());
    }

    [Fact]
    public void Questions_read_as_plain_english_stories()
    {
        var p = new LabProblemGenerator(1).Create(2, LabSplit.Train, 0);
        Assert.Matches(new Regex(@"^[A-Z][a-z]+ has \d+ [a-z]+\. .+ How many [a-z]+ does [A-Z][a-z]+ have now\?$"), p.Question);
    }
}
