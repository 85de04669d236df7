using System.Text.Json.Serialization;
using MathCritique.Critiques;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.TestTime;

/// <summary>One solution the actor wrote, graded against the reference.</summary>
/// <param name="Text">The solution text.</param>
/// <param name="Answer">Its extracted final answer, if any.</param>
/// <param name="Correct">Whether the answer matches the reference.</param>
/// <param name="Tokens">Generated tokens.</param>
public sealed record Attempt(string Text, string? Answer, bool Correct, int Tokens)
{
    // Left out of a record when 0, so records without them are written as before they were counted.

    /// <summary>Prompt tokens of the call (of every call, for a refinement chosen among candidates); 0 in records written before they were counted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int PromptTokens { get; init; }

    /// <summary>Of <see cref="PromptTokens"/>, those in a prefix shared with an earlier call of the problem (<see cref="Completion.SharedPrefixTokens"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int SharedPrefixTokens { get; init; }
}

/// <summary>The critic's judgement of an attempt, and the actor's refinement when one was made.</summary>
/// <param name="Critique">The critique text as the critic wrote it.</param>
/// <param name="SaysWrong">Whether the parsed critique rejects the solution (unparseable critiques accept it).</param>
/// <param name="ParseFailed">True when the critique could not be read (<see cref="CriticReply.ParseFailed"/>).</param>
/// <param name="Tokens">Tokens the critic generated.</param>
/// <param name="Refined">The refined attempt, when the strategy refined.</param>
public sealed record CritiqueStep(string Critique, bool SaysWrong, bool ParseFailed, int Tokens, Attempt? Refined)
{
    // The parse and the text it is of (a copy made with another text parses that).
    private (string Text, CritiqueParseResult Result)? _parsed;

    /// <summary>Judges <paramref name="critique"/> as parsed, without parsing it again.</summary>
    public static CritiqueStep Of(string critique, CritiqueParseResult parsed, int tokens, Attempt? refined)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return new(critique, parsed.Critique.RejectsSolution, parsed.IsEmpty, tokens, refined) { _parsed = (critique, parsed) };
    }

    /// <summary>
    /// The step recording <paramref name="reply"/>, with its calls and tokens, or none of them when <paramref name="counted"/>
    /// is false (a critique counted when the critic judged it as a refine candidate).
    /// </summary>
    internal static CritiqueStep Of(CriticReply reply, bool counted, Attempt? refined)
    {
        var c = reply.Completion;
        return new(reply.Text, reply.SaysWrong, reply.ParseFailed, counted ? c.GeneratedTokens : 0, refined)
        {
            _parsed = (reply.Text, reply.Parsed),
            CriticCalls = counted ? reply.Calls : 0,
            PromptTokens = counted ? c.PromptTokens : 0,
            SharedPrefixTokens = counted ? c.SharedPrefixTokens : 0,
        };
    }

    /// <summary>The critique as parsed: when it was judged, or on first use for a record read back from a file.</summary>
    [JsonIgnore]
    public CritiqueParseResult Parsed
    {
        get
        {
            if (_parsed is not { } parsed || parsed.Text != Critique)
                _parsed = parsed = (Critique, CritiqueParser.Parse(Critique));
            return parsed.Result;
        }
    }

    /// <summary>
    /// Requests the critic received for this step: its critique's (1, or one per step and vote for a stepwise critique;
    /// 0 when the critique was made as a candidate's), and those of the M distinct refine candidates' critiques. Records
    /// written before stepwise critiques were counted by request say 1 for each.
    /// </summary>
    public int CriticCalls { get; init; } = 1;
    /// <summary>Prompt tokens of the critic's requests for this step (counted as <see cref="CriticCalls"/>); 0 in records written before they were counted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int PromptTokens { get; init; }
    /// <summary>Of <see cref="PromptTokens"/>, those in a prefix shared with an earlier call of the problem.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int SharedPrefixTokens { get; init; }
    /// <summary>Actor calls for the refinement (M refine candidates; their tokens are all in <see cref="Refined"/>).</summary>
    public int ActorCalls { get; init; } = 1;

    // Equal by what is recorded: whether the parse has been made and kept yet does not count.
    public bool Equals(CritiqueStep? other) => other is not null && Critique == other.Critique && SaysWrong == other.SaysWrong
        && ParseFailed == other.ParseFailed && Tokens == other.Tokens && Equals(Refined, other.Refined)
        && CriticCalls == other.CriticCalls && ActorCalls == other.ActorCalls
        && PromptTokens == other.PromptTokens && SharedPrefixTokens == other.SharedPrefixTokens;

    public override int GetHashCode() => HashCode.Combine(Critique, SaysWrong, ParseFailed, Tokens, Refined, CriticCalls, ActorCalls, HashCode.Combine(PromptTokens, SharedPrefixTokens));
}

/// <summary>A sampled attempt with its critique (and refinement when the critic rejected it).</summary>
public sealed record SampledAttempt(Attempt Attempt, CritiqueStep? Critique);

/// <summary>Everything an evaluation generated for one problem; strategies are scored from it.</summary>
public sealed record ProblemRecord
{
    public required string Id { get; init; }
    public int? Level { get; init; }
    public required string Question { get; init; }
    public required string Reference { get; init; }
    public required Attempt Greedy { get; init; }
    /// <summary>Sequential critique→refine rounds on the greedy attempt, per variant (see <see cref="RefineVariant"/>).</summary>
    public required IReadOnlyDictionary<RefineVariant, IReadOnlyList<CritiqueStep>> Chains { get; init; }
    /// <summary>K independent samples, each critiqued once.</summary>
    public required IReadOnlyList<SampledAttempt> Samples { get; init; }
    /// <summary>Attempts with a strategy's own prompt, by <see cref="AttemptPlan.Key"/>; null when no strategy asked for any.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Attempt>>? Attempts { get; init; }
}

/// <summary>When a critique→refine round refines.</summary>
public enum RefineVariant
{
    /// <summary>Refine only when the critic says the solution is wrong; stop when it says correct.</summary>
    Critic,
    /// <summary>Refine only truly wrong solutions (an upper bound on what a critic can do).</summary>
    Oracle,
    /// <summary>Always refine (the authors' unconditional variant).</summary>
    Always,
}
