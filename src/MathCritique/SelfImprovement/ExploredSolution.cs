using System.Text.Json.Serialization;

namespace MathCritique.SelfImprovement;

/// <summary>A solution the actor wrote while exploring (a first attempt or a refinement), verified against the reference.</summary>
/// <param name="Text">The solution text.</param>
/// <param name="Answer">Its extracted final answer, if any.</param>
/// <param name="AnswerCorrect">The grader's verdict on the answer.</param>
/// <param name="StepsCorrect">The exact step checker's verdict on the whole solution, when there is a checker (the lab's); null without one.</param>
/// <param name="Tokens">Generated tokens.</param>
/// <param name="PromptTokens">Prompt tokens of the call.</param>
public sealed record ExploredSolution(string Text, string? Answer, bool AnswerCorrect, bool? StepsCorrect, int Tokens, int PromptTokens)
{
    /// <summary>Of <see cref="PromptTokens"/>, those in a prefix shared with an earlier call of the problem in its wave (<see cref="Sampling.Completion.SharedPrefixTokens"/>); 0 in records written before they were counted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int SharedPrefixTokens { get; init; }

    /// <summary>Right answer, and (with a checker) right steps: what may be trained on.</summary>
    [JsonIgnore]
    public bool Verified => AnswerCorrect && StepsCorrect != false;

    /// <summary>The right answer reached by wrong steps: the grader would keep it, the step checker does not.</summary>
    [JsonIgnore]
    public bool RightAnswerWrongSteps => AnswerCorrect && StepsCorrect == false;
}

/// <summary>One critique→refine round on a wrong solution: the critique and the refinements sampled from it.</summary>
/// <param name="StatesAnswer">The critique writes the reference answer verbatim (the refinements may copy it rather than find it).</param>
/// <param name="Tokens">Tokens the critic generated for the critique (every request of a stepwise one).</param>
/// <param name="PromptTokens">Prompt tokens of the critique's requests.</param>
public sealed record CritiqueRound(string Critique, bool SaysWrong, bool StatesAnswer, int Tokens, int PromptTokens, IReadOnlyList<ExploredSolution> Refinements)
{
    /// <summary>Requests the critic received: 1, or one per step for a stepwise critique (records written before it was counted: 1).</summary>
    public int Calls { get; init; } = 1;

    /// <summary>Of <see cref="PromptTokens"/>, those in a prefix shared with an earlier call of the problem in its wave.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int SharedPrefixTokens { get; init; }

    /// <summary>The critique could not be read (<see cref="Prompts.CriticReply.ParseFailed"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ParseFailed { get; init; }
}

/// <summary>A first attempt and, when it was wrong and the critic is on, its critique→refine rounds.</summary>
/// <param name="Index">The sample's index among the problem's first attempts this iteration (its seed).</param>
public sealed record ExploredSample(int Index, ExploredSolution Attempt, IReadOnlyList<CritiqueRound> Rounds);

/// <summary>
/// What one exploration wave generated for one problem (a line of <c>exploration.jsonl</c>): the first attempts and
/// the critique→refine rounds on the wrong ones. A compute-matched arm adds waves of further first attempts.
/// </summary>
public sealed record ProblemExploration(string Id, int? Level, string Question, string Reference, string? ReferenceSolution, int Wave, IReadOnlyList<ExploredSample> Samples);
