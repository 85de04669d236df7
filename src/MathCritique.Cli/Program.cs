using System.CommandLine;
using MathCritique.Cli.Commands;

var root = new RootCommand("MathCritique: critique models that supervise LLM math reasoning.")
{
    GradeCommand.Create(),
    new Command("model", "Create and inspect lab models.") { ModelNewCommand.Create() },
    TrainCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
