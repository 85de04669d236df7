using MathCritique.Critiques;
using MathCritique.Sampling;
using MathCritique.Solutions;

namespace MathCritique.Prompts;

/// <summary>
/// Asks for a critique one step at a time: one request per prefix of the solution, each asking the critic to judge
/// the prefix's last step (<see cref="PromptSet.CheckStep"/>), all in the same batch. The blocks are assembled into
/// one critique in the paper's format, stopping at the first step judged wrong; the final verdict is Wrong when a
/// step is, Correct when every step is, Unknown otherwise. Like a process reward model, every step is judged with
/// the step right before the answer, so a small critic never has to find step k in a long critique of its own.
/// </summary>
public static class StepwiseCritique
{
    /// <summary>Queues the requests for <paramref name="solution"/>; the task completes once the batch has been sent.</summary>
    /// <param name="votes">
    /// Judgements per step (self-consistency): each step is judged this many times with seeds
    /// <paramref name="seed"/>, <paramref name="seed"/> + 1, …, and the majority verdict's first block stands for it
    /// (a tie goes to the first judgement). Needs a temperature above 0 to judge differently.
    /// </param>
    /// <returns>The assembled critique, with one call per request (steps × votes) and their tokens summed.</returns>
    public static Task<CriticReply> Add(RequestBatch critic, Func<string, IReadOnlyList<string>, string> checkStep,
        string question, string solution, SamplingOptions options, ulong seed, int votes = 1)
    {
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(checkStep);
        ArgumentOutOfRangeException.ThrowIfLessThan(votes, 1);
        var steps = StepSegmenter.Split(solution).Select(s => s.Text).ToArray();
        var judgements = steps.Select((_, k) =>
        {
            string prompt = checkStep(question, steps[..(k + 1)]);
            return Enumerable.Range(0, votes).Select(v => critic.Add(prompt, options, seed + (ulong)v)).ToArray();
        }).ToArray();
        return AssembleAsync(steps, judgements);
    }

    private static async Task<CriticReply> AssembleAsync(string[] steps, Task<Completion>[][] judgements)
    {
        // A request asked twice (the same prompt and seed) is sent once: count it once.
        var completions = await Task.WhenAll(judgements.SelectMany(j => j).Distinct()).ConfigureAwait(false);
        var critique = Assemble(steps, judgements.Select(j => Majority(j.Select(t => t.Result.Text).ToArray())).ToArray());
        // MaxTokens if any block ran out of tokens (the enum's last value), else how the blocks ended.
        var completion = new Completion(0, CritiqueFormatter.Format(critique), completions.Sum(c => c.PromptTokens), completions.Sum(c => c.GeneratedTokens),
            completions.Length == 0 ? FinishReason.EndOfSequence : completions.Max(c => c.FinishReason))
        {
            SharedPrefixTokens = completions.Sum(c => c.SharedPrefixTokens),
        };
        var parsed = CritiqueParser.Parse(completion.Text);
        return new CriticReply(completion, parsed, completions.Length, parsed.IsEmpty || Unreadable(critique));
    }

    /// <summary>
    /// Whether a step of an assembled critique has no verdict: its block could not be read, so the critique's verdict
    /// stands on steps after one nobody judged (a parse failure, not an accept).
    /// </summary>
    public static bool Unreadable(Critique critique)
    {
        ArgumentNullException.ThrowIfNull(critique);
        return critique.Steps.Any(s => s.Verdict == Verdict.Unknown);
    }

    /// <summary>The first block with the most common verdict among Correct and Wrong (the first block on a tie or when none parses).</summary>
    public static string Majority(IReadOnlyList<string> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentOutOfRangeException.ThrowIfZero(blocks.Count);
        if (blocks.Count == 1)
            return blocks[0];
        var verdicts = blocks.Select(b => CritiqueParser.Parse(b).Critique.Steps.FirstOrDefault()?.Verdict ?? Verdict.Unknown).ToArray();
        int wrong = verdicts.Count(v => v == Verdict.Wrong), correct = verdicts.Count(v => v == Verdict.Correct);
        var winner = wrong > correct ? Verdict.Wrong : correct > wrong ? Verdict.Correct : verdicts[0];
        return blocks[Array.IndexOf(verdicts, winner)];
    }

    /// <summary>One critique from the critic's block for each step (<paramref name="blocks"/>[k] judges step k + 1).</summary>
    public static Critique Assemble(IReadOnlyList<string> steps, IReadOnlyList<string> blocks)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(blocks);
        if (steps.Count != blocks.Count)
            throw new ArgumentException($"{blocks.Count} blocks for {steps.Count} steps", nameof(blocks));
        var verdicts = new List<StepVerdict>();
        for (int k = 0; k < steps.Count; k++)
        {
            // The step is the solution's own text, whatever the critic copied; its verdict and working are the critic's.
            var judged = CritiqueParser.Parse(blocks[k]).Critique.Steps.FirstOrDefault();
            verdicts.Add(new StepVerdict(k + 1, steps[k], judged?.Verdict ?? Verdict.Unknown, judged?.Explanation ?? "")
            {
                Check = judged?.Check ?? "",
            });
            if (verdicts[^1].Verdict == Verdict.Wrong)
                break;
        }
        var final = verdicts.Any(v => v.Verdict == Verdict.Wrong) ? Verdict.Wrong
            : verdicts.Count > 0 && verdicts.All(v => v.Verdict == Verdict.Correct) ? Verdict.Correct
            : Verdict.Unknown;
        string explanation = final switch
        {
            Verdict.Wrong => $"Step {verdicts[^1].Index} is wrong.",
            Verdict.Correct => "Every step is correct.",
            _ when verdicts.Count == 0 => "The solution has no steps to judge.",
            _ => "Some steps were not judged.",
        };
        return new Critique(verdicts, final, explanation);
    }
}
