using System.CommandLine;
using System.CommandLine.Help;
using System.Runtime.InteropServices;
using MathCritique.Cli.Commands;
using MathCritique.Cli.Hosting;

// Named for the tool, not the executable: RootCommand would take the name of the dll that the installed
// `mathcritique` shim runs (MathCritique.Cli), and print that in every usage line.
var root = new Command("mathcritique", "MathCritique: critique models that supervise LLM math reasoning.")
{
    new HelpOption(),
    new VersionOption(),
    GradeCommand.Create(),
    GenerateCommand.Create(),
    LabCommand.Create(),
    EvalCommand.Create(),
    ImproveCommand.Create(),
    CollectCommand.Create(),
    CriticEvalCommand.Create(),
    new Command("model", "Create and tag lab models.") { ModelNewCommand.Create(), ModelTagCommand.Create() },
    TrainCommand.Create(),
    ServeCommand.Create(),
    SelfTalkCommand.Create(),
};
root.Options.Add(EngineFlags.FlashAttention);
root.Options.Add(EngineFlags.KvCache);
root.Options.Add(CommandModels.ProfileFile);
var verbose = new Option<bool>("--verbose") { Recursive = true, Description = "On an error, also print where it happened (the stack trace)." };
root.Options.Add(verbose);
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // An unknown option or a bad value is bad input like any other: one line each, exit code 2.
    foreach (var error in parse.Errors)
        Console.Error.WriteLine($"error: {Failure.OneLine(error.Message)}");
    return Failure.BadInput;
}

// SIGTERM (what docker, systemd and Kubernetes send) and SIGINT (Ctrl+C) cancel the command's token: it stops, leaves
// its files consistent (runs resume) and exits. A second signal ends the process at once.
using var stopping = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = !stopping.IsCancellationRequested;
    stopping.Cancel();
}
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
try
{
    // Failure.Report turns every error into one line and an exit code; System.CommandLine's handler would print a stack trace.
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, stopping.Token);
}
catch (Exception e)
{
    return Failure.Report(e, parse.GetValue(verbose), Console.Error);
}
