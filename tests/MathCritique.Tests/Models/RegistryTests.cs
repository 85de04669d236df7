using MathCritique.Lab;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.Tests.Models;

public sealed class RegistryTests
{
    [Fact]
    public void The_core_gives_paper_prompts_and_the_lab_adds_its_own()
    {
        var sets = PromptSetRegistry.WithPaperPrompts().AddLabPromptSets();
        Assert.Equal(["paper", "lab", "lab-stepwise"], sets.Names);
        Assert.NotNull(sets.Create("lab-stepwise").CheckStep);
        Assert.Null(sets.Create("lab").CheckStep);
        Assert.Contains("'mine' is not a prompt set (paper, lab, lab-stepwise)", Assert.Throws<ArgumentException>(() => sets.Create("mine")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => sets.Add("paper", PaperPrompts.Create)); // one set per name
    }

    [Fact]
    public void Tools_are_named_alone_or_chained_and_bad_lists_are_explained()
    {
        var tools = InlineToolRegistry.WithCalculator().AddLabTools();
        Assert.Equal([InlineCalculator.ToolName, LabCheckComparison.ToolName], tools.Names);
        Assert.IsType<InlineCalculator>(tools.Create("calculator"));
        Assert.IsType<InlineToolChain>(tools.Create("calculator,compare"));
        Assert.Null(tools.Create("none"));
        Assert.False(tools.IsValid("calculator,abacus", out var unknown));
        Assert.Contains("'abacus' is not an inline tool", unknown, StringComparison.Ordinal);
        Assert.False(tools.IsValid("calculator,calculator", out var twice));
        Assert.Contains("names a tool twice", twice, StringComparison.Ordinal);
        Assert.False(InlineToolRegistry.WithCalculator().IsValid("compare", out _)); // the comparator is the lab's
    }
}
