using System.CommandLine;
using MathCritique.Cli.Commands;

var root = new RootCommand("MathCritique: critique models that supervise LLM math reasoning.")
{
    GradeCommand.Create(),
    GenerateCommand.Create(),
    LabCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
