using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.Lab;

/// <summary>What the lab adds to the registries a host builds: its prompt sets and its comparator tool.</summary>
public static class LabRegistrations
{
    public static PromptSetRegistry AddLabPromptSets(this PromptSetRegistry registry) =>
        registry.Add(LabPrompts.Name, LabPrompts.Create).Add(LabPrompts.StepwiseName, LabPrompts.CreateStepwise);

    public static InlineToolRegistry AddLabTools(this InlineToolRegistry registry) =>
        registry.Add(LabCheckComparison.ToolName, () => new LabCheckComparison());
}
