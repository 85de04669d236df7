using System.Reflection;
using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

public sealed class ExplainTests
{
    [Fact]
    public void An_explanation_shows_each_side_s_rules_answer_and_value_then_the_verdict()
    {
        string text = new MathGrader().Explain("She has 3 + 15 = 18 apples.\n#### 18", "\\frac{36}{2}");
        Assert.Equal(
            """
            gold: She has 3 + 15 = 18 apples.\n#### 18
              rules, in order: boxed, hashes, answer_is, answer_colon, whole_text
              hashes found: 18
              normalized: 18
              exact value: 18
            prediction: \frac{36}{2}
              rules, in order: boxed, answer_is, hashes, answer_colon, whole_expression, math_environment, last_number
              whole_expression found: \frac{36}{2}
              normalized: \frac{36}{2}
              exact value: 18
            verdict: equivalent (equal numbers)

            """.Replace("\r\n", "\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public void An_explanation_says_when_no_rule_found_an_answer_and_why_a_pair_differs()
    {
        var grader = new MathGrader();
        Assert.Contains("prediction: I could not solve it.\n  rules, in order:", grader.Explain("4", "I could not solve it."), StringComparison.Ordinal);
        Assert.EndsWith("  no rule found an answer\nverdict: not equivalent (no answer found in prediction)\n", grader.Explain("4", "I could not solve it."), StringComparison.Ordinal);
        Assert.EndsWith("verdict: not equivalent (different numbers)\n", grader.Explain("0.4", "\\frac12"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_explains_one_pair_and_refuses_a_half_given_pair()
    {
        static int Run(params string[] args) => (int)Assembly.Load("MathCritique.Cli").EntryPoint!.Invoke(null, [args])!;
        Assert.Equal(0, Run("grade", "--explain", "--gold", "1/3", "--pred", "\\dfrac{1}{3}"));
        Assert.Equal(2, Run("grade", "--explain", "--gold", "1/3"));
        Assert.Equal(2, Run("grade"));
    }
}
