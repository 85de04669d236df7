using MathCritique.Critiques;
using MathCritique.Sampling;

namespace MathCritique.Prompts;

/// <summary>
/// The critic's reply to one critique (<see cref="PromptSet.AddCritique"/>), parsed once for everything that reads it.
/// </summary>
/// <param name="Completion">
/// The critique text, and what every request it took cost together: prompt tokens, shared prefix tokens and generated
/// tokens summed over them.
/// </param>
/// <param name="Calls">Requests the critic received for it: 1, or one per step (and per vote) for a stepwise critique.</param>
/// <param name="ParseFailed">
/// The critique could not be read: nothing usable in it, or (stepwise) a step whose block has no verdict, so the
/// critique does not say whether that step is right. Its verdict is still what the readable blocks say: it rejects
/// the solution only when a later step is judged wrong.
/// </param>
public sealed record CriticReply(Completion Completion, CritiqueParseResult Parsed, int Calls, bool ParseFailed)
{
    /// <summary>A whole critique the critic wrote in one reply.</summary>
    public static CriticReply Read(Completion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var parsed = CritiqueParser.Parse(completion.Text);
        return new(completion, parsed, 1, parsed.IsEmpty);
    }

    public string Text => Completion.Text;

    /// <summary>Whether the critique rejects the solution.</summary>
    public bool SaysWrong => Parsed.Critique.RejectsSolution;
}
