using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

/// <summary>End to end: gold texts and whole model solutions, as the grade command sees them.</summary>
public class MathGraderTests
{
    private static readonly MathGrader Grader = new();

    [Theory]
    [InlineData("Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n#### 72", "She sold 24 in May.\n48 + 24 = 72\nThe answer is 72.", true)]
    [InlineData("#### 72", "48 + 24 = 72\nThe answer is 71.", false)]
    [InlineData("1000", "The answer is 1,000.", true)]
    [InlineData("3.50", "The answer is $3.5$.", true)]
    [InlineData("18.90", @"She pays $\$18.90$ in total, so the answer is \$18.90.", true)]
    [InlineData("12", "So the total is $\\boxed{12}$.", true)]
    [InlineData(@"\frac{14}{3}", @"$f(-2)+f(-1)+f(0)=2+\frac{5}{3}+1=\boxed{\frac{14}{3}}$", true)]
    [InlineData(@"$15\mbox{ cm}^2$", @"Therefore, the area is $$\frac{1}{2}\times 3 \times 10 = \boxed{15\mbox{ cm}^2}.$$", true)]
    [InlineData("$-2,1$", @"Checking, we find that the only integer roots are $\boxed{-2,1}.$", true)]
    [InlineData("$-2,1$", @"Checking, we find that the only integer roots are $\boxed{1,-2}.$", true)]
    [InlineData(@"$1 \pm \sqrt{19}$", @"By the quadratic formula, $x = \boxed{1 \pm \sqrt{19}}.$", true)]
    [InlineData(@"$90^\circ$", @"Hence, the angle between the lines is $\boxed{90^\circ}.$", true)]
    [InlineData(@"\text{Evelyn}", @"Therefore, $\boxed{\text{Evelyn}}$ is our answer.", true)]
    [InlineData("189", "So area is 189.\n\n**Final Answer**\n\\boxed{189}\n</think>\n\nThus, the area is \\(\\boxed{189}\\) square centimeters.", true)]
    [InlineData("[0,1)", "Final Answer: The final answer is $(0, 1)$. I hope it is correct.", false)]
    [InlineData(@"\boxed{(3, \frac{\pi}{2})}", @"Therefore, the polar coordinates are $\boxed{\left( 3, \frac{\pi}{2} \right)}.$", true)]
    [InlineData("$2/3$", "P(A) = (1/2) * (4/3) P(A) = 2/3 Therefore, the probability that Alice wins the game is 2/3.", true)]
    [InlineData("12000023", "Final Answer: The final answer is 12,000,023. I hope it is correct.", true)]
    [InlineData("$14916$", @"Final Answer: The smallest possible value of $N$ is $\boxed{14{,}916}$. I hope it is correct.", true)]
    [InlineData("$16386.20$", @"Paula's investment is worth $\boxed{\$16,\!386.20}$ at the end of the 5-year period.", true)]
    [InlineData("5", "I could not solve it.", false)]
    [InlineData("28800", "That is,\n\n# Answer\n\n2 * 5! * 5!", true)]
    [InlineData("28800", "That is,\n\n# Answer\n\n2 * 5! * 4!", false)]
    public void Grades_whole_solutions(string gold, string prediction, bool expected) => AssertGrade(gold, prediction, expected);

    /// <summary>Issue 25's table: bare LaTeX predictions are graded whole, not by their last number; each family has a
    /// negative neighbour so the rule cannot pass by accepting everything.</summary>
    [Theory]
    [InlineData("1/3", @"\frac{1}{3}", true)]
    [InlineData("1/3", @"\frac{1}{4}", false)]
    [InlineData("3", @"\frac{1}{3}", false)]
    [InlineData("0.5", @"\frac12", true)]
    [InlineData("12", @"\frac12", false)]
    [InlineData(@"\frac12", "0.4", false)]
    [InlineData(@"\sqrt{3}", @"\sqrt3", true)]
    [InlineData(@"\sqrt3", @"\sqrt{2}", false)]
    [InlineData("3", @"\sqrt3", false)]
    [InlineData("1/3", @"\dfrac{1}{3}", true)]
    [InlineData("1/3", @"\cfrac{1}{3}", true)]
    [InlineData("1/3", @"\tfrac{1}{3}", true)]
    [InlineData("1/3", @"\tfrac{1}{4}", false)]
    [InlineData("1/3", @"\left( \frac{1}{3} \right)", true)]
    [InlineData("1/3", @"\left( \frac{2}{3} \right)", false)]
    [InlineData("1/3", @"\frac{1}{3} \text{meters}", true)]
    [InlineData("1/3", @"\frac{1}{2} \text{meters}", false)]
    [InlineData("0.4", ".4", true)]
    [InlineData(".4", "0.4", true)]
    [InlineData(".4", "0.5", false)]
    [InlineData("0.4", "It is .4", true)]
    [InlineData("4", "It is .4", false)]
    [InlineData("5", "x = 5", true)]
    [InlineData("5", "x = 6", false)]
    [InlineData(@"\frac{1}{3}", @"$\frac{1}{3}$", true)]
    [InlineData(@"\frac{1}{3}", @"\(\frac{1}{3}\)", true)]
    public void Grades_bare_latex_predictions_whole(string gold, string prediction, bool expected) =>
        AssertGrade(gold, prediction, expected);

    /// <summary>Issue 25: the gold side goes through extraction too, so a whole reference solution grades like its final answer.</summary>
    [Theory]
    [InlineData("The answer is 18", "18", true)]
    [InlineData("The answer is 18", "17", false)]
    [InlineData("Janet has 16 eggs and eats 3.\n16 - 3 = 13, and she sells 13 - 4 = 9 ... $18.\n#### 18", "18", true)]
    [InlineData("Janet has 16 eggs and eats 3.\n16 - 3 = 13, and she sells 13 - 4 = 9 ... $18.\n#### 18", "17", false)]
    [InlineData("Janet has 16 eggs and eats 3.\n16 - 3 = 13, so she makes 9 * 2 = 18 dollars.\nA: 18", "18", true)]
    [InlineData("Janet has 16 eggs and eats 3.\n16 - 3 = 13, so she makes 9 * 2 = 18 dollars.\nA: 18", "13", false)]
    [InlineData(@"We have $9 \cdot 2 = 18$, so the total is $\boxed{18}$.", "18", true)]
    [InlineData(@"We have $9 \cdot 2 = 18$, so the total is $\boxed{18}$.", "9", false)]
    [InlineData(@"\text{Evelyn}", "The answer is Evelyn.", true)]
    [InlineData(@"\text{Evelyn}", "The answer is Alice.", false)]
    [InlineData("$-2,1$", "1, -2", true)]
    public void Extracts_the_gold_answer_from_whole_solutions(string gold, string prediction, bool expected) =>
        AssertGrade(gold, prediction, expected);

    [Fact]
    public void Whole_reference_solutions_give_the_same_verdicts_as_bare_answers()
    {
        (string Solution, string Bare)[] golds =
        [
            ("She bought 3 packs of 6, so 3 * 6 = <<3*6=18>>18.\n#### 18", "18"),
            ("Q: How many?\nWe add 10 + 8 = 18.\nA: 18", "18"),
            (@"Adding, $\frac{1}{6} + \frac{1}{6} = \boxed{\frac{1}{3}}$.", "1/3"),
            ("He pays 2 * 0.25 = 0.5 dollars.\nThe answer is 0.5.", "0.5"),
            ("Total: 1,000 + 250 = 1,250\n#### 1,250", "1250"),
        ];
        string[] predictions = ["18", "17", @"\frac{1}{3}", "0.5", ".5", @"\frac12", "The answer is 1250.", "#### 1,249", "I don't know."];
        foreach (var (solution, bare) in golds)
        {
            foreach (var prediction in predictions)
                Assert.Equal(Grader.Grade(bare, prediction).Correct, Grader.Grade(solution, prediction).Correct);
            Assert.True(Grader.Grade(solution, bare).Correct, solution);
        }
    }

    [Fact]
    public void Reports_the_rules_that_found_the_answers()
    {
        var result = Grader.Grade("16 - 3 = 13\n#### 18", @"\dfrac{36}{2}");
        Assert.True(result.Correct, result.Reason);
        Assert.Equal((ExtractionMethod.Gsm8kHashes, ExtractionMethod.WholeExpression), (result.GoldRule!.Value, result.PredictionRule!.Value));
        Assert.Null(Grader.CompareAnswers("1", "1").GoldRule);
    }

    private static void AssertGrade(string gold, string prediction, bool expected)
    {
        var result = Grader.Grade(gold, prediction);
        Assert.True(expected == result.Correct, $"expected {expected}: gold [{result.GoldAnswer}] pred [{result.PredictedAnswer}]: {result.Reason}");
    }

    [Fact]
    public void Missing_answers_are_reported()
    {
        Assert.Equal("no answer found in prediction", Grader.Grade("5", "no idea").Reason);
        var noGold = new MathGrader(new GraderOptions { GoldExtractor = new AnswerExtractor([ExtractionMethod.Gsm8kHashes]) });
        Assert.Equal("no gold answer found", noGold.Grade("72", "The answer is 72").Reason);
    }

    [Fact]
    public void Grader_is_safe_to_share_between_threads()
    {
        var cases = EquivalenceCases.All().ToArray();
        var expected = cases.Select(c => Grader.AreEquivalent(c.Gold, c.Pred)).ToArray();
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < cases.Length; i++)
                Assert.Equal(expected[i], Grader.AreEquivalent(cases[i].Gold, cases[i].Pred));
        });
    }
}
