using System.CommandLine;

namespace MathCritique.Cli.Commands;

/// <summary><c>mathcritique lab</c>: the synthetic arithmetic world.</summary>
internal static class LabCommand
{
    public static Command Create() => new("lab", "The synthetic arithmetic world with exact step-level ground truth.")
    {
        LabProblemsCommand.Create(),
        LabTrainCommands.CreateActor(),
        LabTrainCommands.CreateCritic(),
        LabEvalActorCommand.Create(),
        LabEvalCheckCommand.Create(),
    };
}
