using MathCritique.CriticEvaluation;
using MathCritique.Critiques;
using MathCritique.Prompts;

namespace MathCritique.Tests.CriticEvaluation;

public sealed class CriticPromptTemplateTests
{
    [Fact]
    public void Fills_in_the_placeholders_once_and_leaves_other_braces()
    {
        var template = CriticPromptTemplate.Parse("Problem: {problem}\nSteps:\n{steps}\nAs text:\n{solution}\n\\frac{1}{2}\n{format}", "p.txt");
        var prompt = template.Render("Is {solution} 1/2?", "x = 1.\ny = 2.");
        Assert.Equal($"Problem: Is {{solution}} 1/2?\nSteps:\nStep 1: x = 1.\nStep 2: y = 2.\nAs text:\nx = 1.\ny = 2.\n\\frac{{1}}{{2}}\n{CritiqueFormatter.Instructions}", prompt);
    }

    [Fact]
    public void Applied_to_a_prompt_set_it_asks_for_whole_critiques_and_keeps_solve_and_refine()
    {
        var stepwise = PaperPrompts.Create() with { CheckStep = (q, steps) => "one step" };
        var prompts = CriticPromptTemplate.Parse("{problem} | {solution}", "p.txt").Apply(stepwise);
        Assert.Null(prompts.CheckStep);
        Assert.Equal("q | s", prompts.BuildCritique("q", "s"));
        Assert.Equal(stepwise.BuildSolve("q"), prompts.BuildSolve("q"));
        Assert.Equal(12, CriticPromptTemplate.Parse("{problem} | {solution}", "p.txt").Hash.Length);
        Assert.NotEqual(CriticPromptTemplate.Parse("{problem} | {solution}", "p.txt").Hash, CriticPromptTemplate.Parse("{problem} || {solution}", "p.txt").Hash);
    }

    [Theory]
    [InlineData("Check {solution}", "p.txt: the critic prompt has no {problem} placeholder")]
    [InlineData("Check {problem}", "p.txt: the critic prompt has neither a {solution} nor a {steps} placeholder")]
    public void A_template_without_what_it_needs_is_refused_naming_the_file(string text, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => CriticPromptTemplate.Parse(text, "p.txt"));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
