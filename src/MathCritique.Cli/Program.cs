using System.CommandLine;
using MathCritique.Cli.Commands;

var root = new RootCommand("MathCritique: critique models that supervise LLM math reasoning.")
{
    GradeCommand.Create(),
    GenerateCommand.Create(),
    LabCommand.Create(),
    EvalCommand.Create(),
    CollectCommand.Create(),
    CriticEvalCommand.Create(),
    new Command("model", "Create and tag lab models.") { ModelNewCommand.Create(), ModelTagCommand.Create() },
    TrainCommand.Create(),
    ServeCommand.Create(),
};
root.Options.Add(MathCritique.Cli.Hosting.EngineFlags.FlashAttention);
root.Options.Add(MathCritique.Cli.Hosting.EngineFlags.KvCache);
try
{
    // Our handler below turns bad input into a one-line error; System.CommandLine's would print a stack trace.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException or InvalidOperationException or NotSupportedException or UnauthorizedAccessException)
{
    // Bad input is the user's to fix: say what and where, without a stack trace.
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
