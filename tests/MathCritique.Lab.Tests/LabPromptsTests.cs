namespace MathCritique.Lab.Tests;

public class LabPromptsTests
{
    [Fact]
    public void Prompts_are_compact_and_hold_their_inputs()
    {
        var prompts = LabPrompts.Create();
        Assert.Equal("Q 12 and 3.5?\nNumbers: 12, 3.5", prompts.BuildSolve("Q 12 and 3.5?"));
        Assert.Equal("Critique this solution.\nQuestion: Q 4?\nNumbers: 4\nSolution:\nS", prompts.BuildCritique("Q 4?", "S"));
        Assert.Equal("Question: Q 7?\nPrevious solution:\nS\nCritique:\nC\nWrite a corrected solution.\nNumbers: 7", prompts.BuildRefine("Q 7?", "S", "C"));
    }

    [Fact]
    public void The_refine_prompt_drops_a_critic_s_check_lines()
    {
        var withChecks = new LabOracleAnnotator(new LabOracleOptions { WriteChecks = true, CheckStyle = LabCheckStyle.Scan });
        var plain = new LabOracleAnnotator();
        const string wrong = "She gets 3 * 14 = 44 apples.\nShe has 23 + 44 = 67 apples.\nThe answer is 67.";
        var prompts = LabPrompts.Create();
        Assert.Contains("\nCheck: ", withChecks.Critique(LabFixtures.Mia, wrong).ToString(), StringComparison.Ordinal);
        // The actor reads exactly the critique it was trained on.
        Assert.Equal(
            prompts.BuildRefine(LabFixtures.Mia.Question, wrong, plain.Critique(LabFixtures.Mia, wrong).ToString()),
            prompts.BuildRefine(LabFixtures.Mia.Question, wrong, withChecks.Critique(LabFixtures.Mia, wrong).ToString()));
    }

    [Theory]
    [InlineData(1, 1024 - 270)]
    [InlineData(3, 1024 - 70)]
    // Level 5 with a late error: seven judged steps in the paper's format; needs a context beyond 1024 bytes.
    [InlineData(5, 1480)]
    public void Refine_prompts_stay_within_the_lab_context_budget(int level, int maxBytes)
    {
        // Byte-level tokens: the prompt must leave room for the refined solution.
        var oracle = new LabOracleAnnotator();
        foreach (var p in new LabProblemGenerator(2).Generate(level, LabSplit.Train, 50))
        {
            // The worst case for length: every step judged, the error only in the final line.
            var wrong = p.ReferenceSolution.Replace($"The answer is {p.Answer}.", $"The answer is {p.Answer + 1}.");
            var critique = oracle.Critique(p, wrong).ToString();
            var prompt = LabPrompts.Create().BuildRefine(p.Question, wrong, critique);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(prompt) <= maxBytes, $"{prompt.Length} bytes:\n{prompt}");
        }
    }
}
