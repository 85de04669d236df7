using MathCritique.Critiques;
using MathCritique.Sampling;

namespace MathCritique.TestTime;

/// <summary>A critique as the critic returned it, parsed once for every phase that reads it.</summary>
internal sealed record CriticReply(Completion Completion, CritiqueParseResult Parsed)
{
    public static CriticReply Read(Completion completion) => new(completion, CritiqueParser.Parse(completion.Text));

    public string Text => Completion.Text;
    public bool SaysWrong => Parsed.Critique.RejectsSolution;

    /// <summary>The step recording this critique, with <paramref name="tokens"/> counted for it.</summary>
    public CritiqueStep ToStep(int tokens, Attempt? refined) => CritiqueStep.Of(Text, Parsed, tokens, refined);
}
