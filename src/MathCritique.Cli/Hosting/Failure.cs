using System.Reflection;
using MathCritique.LlamaCpp.Gguf;
using MathCritique.Models;
using MathCritique.Sampling.Remote;

namespace MathCritique.Cli.Hosting;

/// <summary>How a failed command ends: one line naming what went wrong (the file, line or endpoint is in the message) and an exit code per kind.</summary>
internal static class Failure
{
    /// <summary>Bad input: a file, a line in it, an option.</summary>
    public const int BadInput = 2;

    /// <summary>A GGUF model that is missing, truncated or not one the engine can load.</summary>
    public const int Model = 3;

    /// <summary>A model server that could not be reached or kept failing.</summary>
    public const int Server = 4;

    /// <summary>A file could not be written: the disk is full or read-only (sysexits' EX_IOERR). The run resumes once there is room.</summary>
    public const int Storage = 74;

    /// <summary>Anything else: a defect of ours.</summary>
    public const int Internal = 70;

    public const int Cancelled = 130;

    public static int Report(Exception exception, bool verbose, TextWriter error)
    {
        var e = Unwrap(exception);
        int code = e switch
        {
            OperationCanceledException => Cancelled,
            GgufFormatException => Model,
            // A model path that names no file: a model error like a bad one, not bad input like a missing problems file.
            ModelNotFoundException => Model,
            RemoteSamplerException => Server,
            IOException io when IsDiskFullOrReadOnly(io) => Storage,
            IOException or InvalidDataException or FormatException or ArgumentException or InvalidOperationException
                or NotSupportedException or UnauthorizedAccessException => BadInput,
            _ => Internal,
        };
        if (code == Cancelled)
            error.WriteLine("cancelled");
        else
            error.WriteLine($"error: {OneLine(e.Message)}{(code == Internal && !verbose ? " (an internal error; --verbose shows where)" : "")}");
        if (verbose)
            error.WriteLine(exception);
        return code;
    }

    /// <summary>
    /// A message on one line: some span several (an out-of-range argument adds "Actual value was ..." on its own line,
    /// a parse error lists the values it expected one per line).
    /// </summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // .NET puts the errno (Unix) or the HRESULT (Windows) in HResult; the message names the path.
    private static bool IsDiskFullOrReadOnly(IOException e) =>
        OperatingSystem.IsWindows()
            ? e.HResult is unchecked((int)0x80070070) or unchecked((int)0x80070027) or unchecked((int)0x80070013) // disk full, handle disk full, write protected
            : e.HResult is 28 or 30 || e.HResult == (OperatingSystem.IsLinux() ? 122 : 69); // ENOSPC, EROFS, EDQUOT

    private static Exception Unwrap(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => e,
    };
}
