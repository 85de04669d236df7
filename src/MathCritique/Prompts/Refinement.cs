using MathCritique.Critiques;
using MathCritique.Sampling;
using MathCritique.Solutions;

namespace MathCritique.Prompts;

/// <summary>How the actor refines a solution given its critique.</summary>
public enum RefineMode
{
    /// <summary>The paper's refinement: the actor writes a new solution given the question, its solution and the critique.</summary>
    Rewrite,
    /// <summary>
    /// The same prompt, but the actor's reply starts with the steps before the critique's first wrong step, so it
    /// rewrites from where the critique says the solution went wrong: from the start when the feedback rejects the
    /// solution without naming a step (or is not a critique, like "try again"), and not at all (the solution stays as it is, no model call) when it accepts
    /// it. Sample it (temperature above 0): a greedy continuation tends to repeat the step. For actors that copy their
    /// own solution, mistake included, when asked to rewrite it.
    /// </summary>
    Resume,
}

/// <summary>Queues an actor refinement of a solution given its critique, in a <see cref="RefineMode"/>.</summary>
public static class Refinement
{
    /// <summary>The feedback critiques are compared with: it says the answer is wrong and nothing else.</summary>
    public const string TryAgainFeedback = "Your answer is wrong. Try again.";

    /// <summary>Queues the refinement; the completion's text is the whole refined solution (kept steps included).</summary>
    public static Task<Completion> Add(RequestBatch actor, PromptSet prompts, RefineMode mode, string question, string solution, string critique,
        SamplingOptions options, ulong seed) =>
        Add(actor, prompts, mode, question, solution, critique, CritiqueParser.Parse(critique), options, seed);

    /// <summary>Queues the refinement of a critique already parsed (as <paramref name="parsed"/>).</summary>
    public static Task<Completion> Add(RequestBatch actor, PromptSet prompts, RefineMode mode, string question, string solution, string critique,
        CritiqueParseResult parsed, SamplingOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(parsed);
        string prompt = prompts.BuildRefine(question, solution, critique);
        if (mode == RefineMode.Rewrite)
            return actor.Add(prompt, options, seed);
        var critiqueRead = parsed.Critique;
        if (!parsed.IsEmpty && critiqueRead.FirstWrongStep is null && !critiqueRead.RejectsSolution)
            return Task.FromResult(new Completion(0, solution, 0, 0, FinishReason.EndOfSequence));
        var steps = StepSegmenter.Split(solution).Select(s => s.Text).ToArray();
        int keep = Math.Min(steps.Length, (critiqueRead.FirstWrongStep ?? 1) - 1);
        var prefix = StepSegmenter.Prefix(steps, keep);
        return WithPrefixAsync(prefix, actor.AddContinuation(prompt, prefix, options, seed));
    }

    private static async Task<Completion> WithPrefixAsync(string prefix, Task<Completion> continuation)
    {
        var completion = await continuation.ConfigureAwait(false);
        return completion with { Text = prefix + completion.Text };
    }
}
