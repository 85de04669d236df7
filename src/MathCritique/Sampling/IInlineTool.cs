namespace MathCritique.Sampling;

/// <summary>
/// Writes text into a completion while it is generated, as GSM8K's calculator annotations do (Cobbe et al. 2021):
/// after each generated token the engine shows the tool the completion so far and forces whatever it returns as the
/// next tokens (they count as generated; stop strings apply to them). Only an engine that samples token by token
/// can run one; the remote engine refuses a request that has one.
/// </summary>
public interface IInlineTool
{
    /// <summary>What run records and logs call it (<c>calculator</c>).</summary>
    string Name { get; }

    /// <summary>The text to write next, or null to let the model go on.</summary>
    string? TextAfter(string completion);
}
