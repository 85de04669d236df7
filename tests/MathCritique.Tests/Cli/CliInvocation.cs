using System.Reflection;

namespace MathCritique.Tests.Cli;

/// <summary>Runs the real <c>mathcritique</c> entry point in-process, capturing what it writes to stderr (tests doing so share <see cref="ConsoleCapture"/>).</summary>
internal static class CliInvocation
{
    public static (int Code, string Error) Run(params string[] args)
    {
        var before = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            return ((int)Assembly.Load("MathCritique.Cli").EntryPoint!.Invoke(null, [args])!, error.ToString());
        }
        finally
        {
            Console.SetError(before);
        }
    }
}
