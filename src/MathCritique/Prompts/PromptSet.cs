using MathCritique.Sampling;

namespace MathCritique.Prompts;

/// <summary>
/// The three prompts of the critique loop, as user-message builders: solve a question, critique a
/// solution, refine a solution given a critique. Swappable so real models can get their own wording.
/// </summary>
public sealed record PromptSet(
    Func<string, string> Solve,
    Func<string, string, string> Critique,
    Func<string, string, string, string> Refine)
{
    /// <summary>Builds the actor's prompt for <paramref name="question"/>.</summary>
    public string BuildSolve(string question) => Solve(question);

    /// <summary>Builds the critic's prompt for a question and a solution.</summary>
    public string BuildCritique(string question, string solution) => Critique(question, solution);

    /// <summary>Builds the actor's refine prompt from a question, its earlier solution and a critique.</summary>
    public string BuildRefine(string question, string solution, string critique) => Refine(question, solution, critique);

    /// <summary>
    /// When set, critiques are asked for one step at a time (<see cref="StepwiseCritique"/>): this builds the prompt
    /// that asks the critic to judge the last of the given steps of a solution to the question.
    /// </summary>
    public Func<string, IReadOnlyList<string>, string>? CheckStep { get; init; }

    /// <summary>Queues the critic's critique of <paramref name="solution"/>: one request, or one per step with <see cref="CheckStep"/>.</summary>
    /// <param name="stepVotes">With <see cref="CheckStep"/>: judgements per step, majority verdict (<see cref="StepwiseCritique.Add"/>).</param>
    public Task<CriticReply> AddCritique(RequestBatch critic, string question, string solution, SamplingOptions options, ulong seed, int stepVotes = 1) =>
        CheckStep is { } checkStep
            ? StepwiseCritique.Add(critic, checkStep, question, solution, options, seed, stepVotes)
            : ReadAsync(critic.Add(BuildCritique(question, solution), options, seed));

    private static async Task<CriticReply> ReadAsync(Task<Completion> critique) => CriticReply.Read(await critique.ConfigureAwait(false));
}
