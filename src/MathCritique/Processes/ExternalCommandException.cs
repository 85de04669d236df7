namespace MathCritique.Processes;

/// <summary>
/// A user-configured command (a trainer, a model server) could not start, failed, or did not do what it was run for;
/// the message names the command and where its output is.
/// </summary>
public sealed class ExternalCommandException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
