using System.Text.RegularExpressions;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.SelfImprovement;

/// <summary>One problem's share of an exploration wave: first attempts <see cref="FirstSample"/> … + <see cref="Count"/> − 1.</summary>
public sealed record ExplorationTask(Problem Problem, int FirstSample, int Count);

/// <summary>
/// Explores a batch of training problems with the current actor: samples first attempts, verifies them, and (with a
/// critic) critiques each wrong one and samples refinements from the critique, in rounds, verifying each; every phase
/// of a batch is one sampler call per model. Seeds come from the problem, the iteration and the sample, so arms that
/// share an actor share their first attempts, and a resumed batch generates what it would have.
/// </summary>
public sealed class Explorer
{
    private readonly ISampler _actor;
    private readonly ISampler? _critic;
    private readonly PromptSet _prompts;
    private readonly SolutionVerifier _verifier;
    private readonly SelfImprovementOptions _options;

    /// <param name="critic">The critic; null for the vanilla arms (no critiques, no refinements).</param>
    public Explorer(ISampler actor, ISampler? critic, PromptSet prompts, SolutionVerifier verifier, SelfImprovementOptions options)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (_actor, _critic, _prompts, _verifier, _options) = (actor, critic, prompts, verifier, options);
    }

    public async Task<IReadOnlyList<ProblemExploration>> ExploreAsync(IReadOnlyList<ExplorationTask> tasks, int iteration, int wave,
        IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        // One batch per model for the whole wave, each problem queuing through its own scope, so the shared prompt
        // prefixes of a problem's calls (its samples' one prompt, a stepwise critique's steps) are counted across them.
        var actor = new RequestBatch(_actor);
        var attempts = tasks.Select(t => Enumerable.Range(t.FirstSample, t.Count)
            .Select(i => actor.ForScope(t.Problem.Id).Add(_prompts.BuildSolve(t.Problem.Question), _options.ActorSampling, SeedOf(t.Problem, iteration, "sample", i))).ToArray()).ToArray();
        await actor.SendAsync(progress, cancellationToken).ConfigureAwait(false);

        var samples = tasks.Select((t, p) => attempts[p].Select((a, k) => new SampleChain(t.Problem, t.FirstSample + k, _verifier.Verify(t.Problem, a.Result))).ToArray()).ToArray();
        if (_critic is not null)
            await CritiqueAndRefineAsync(samples.SelectMany(s => s).Where(s => !s.Attempt.Verified).ToArray(), actor, new RequestBatch(_critic), iteration, progress, cancellationToken).ConfigureAwait(false);
        return tasks.Select((t, p) => new ProblemExploration(t.Problem.Id, t.Problem.Level, t.Problem.Question, t.Problem.ReferenceAnswer, t.Problem.ReferenceSolution,
            wave, samples[p].Select(s => new ExploredSample(s.Index, s.Attempt, s.Rounds)).ToArray())).ToArray();
    }

    /// <summary>Rounds of critique → refinements on every wrong sample; a chain stops once a refinement is verified.</summary>
    private async Task CritiqueAndRefineAsync(SampleChain[] chains, RequestBatch actor, RequestBatch critic, int iteration, IProgress<SamplingProgress>? progress, CancellationToken ct)
    {
        var open = chains;
        for (int round = 1; round <= _options.Rounds && open.Length > 0; round++)
        {
            var critiques = open.Select(c => _prompts.AddCritique(critic.ForScope(c.Problem.Id), c.Problem.Question, c.Current.Text, _options.CriticSampling,
                SeedOf(c.Problem, iteration, $"critique{round}", c.Index))).ToArray();
            await critic.SendAsync(progress, ct).ConfigureAwait(false);

            var refinements = open.Select((c, i) =>
            {
                var critique = critiques[i].Result;
                return Enumerable.Range(0, _options.Refinements).Select(m => Refinement.Add(actor.ForScope(c.Problem.Id), _prompts, _options.Refine, c.Problem.Question, c.Current.Text,
                    critique.Text, critique.Parsed, _options.ActorSampling, SeedOf(c.Problem, iteration, $"refine{round}.{m}", c.Index))).ToArray();
            }).ToArray();
            await actor.SendAsync(progress, ct).ConfigureAwait(false);

            for (int i = 0; i < open.Length; i++)
            {
                var chain = open[i];
                var critique = critiques[i].Result;
                var refined = refinements[i].Select(r => _verifier.Verify(chain.Problem, r.Result)).ToArray();
                chain.Rounds.Add(new CritiqueRound(critique.Text, critique.SaysWrong, StatesAnswer(critique.Text, chain.Problem.ReferenceAnswer),
                    critique.Completion.GeneratedTokens, critique.Completion.PromptTokens, refined)
                {
                    Calls = critique.Calls,
                    SharedPrefixTokens = critique.Completion.SharedPrefixTokens,
                    ParseFailed = critique.ParseFailed,
                });
                chain.Done = refined.Any(r => r.Verified);
                chain.Current = refined[0];
            }
            open = open.Where(c => !c.Done).ToArray();
        }
    }

    /// <summary>Whether <paramref name="critique"/> writes <paramref name="answer"/> as a number of its own (not inside a longer one).</summary>
    public static bool StatesAnswer(string critique, string answer)
    {
        ArgumentNullException.ThrowIfNull(critique);
        if (string.IsNullOrWhiteSpace(answer))
            return false;
        var a = Regex.Escape(answer.Trim());
        return Regex.IsMatch(critique, $@"(?<![\w.]){a}(?![\w]|\.\d)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private ulong SeedOf(Problem problem, int iteration, string purpose, int index) =>
        StableHash.Fnv1a($"{problem.Id}\u0001{purpose}\u0001{iteration}", _options.Seed) + (ulong)index;

    /// <summary>A first attempt and its critique→refine rounds, filled in round by round.</summary>
    private sealed class SampleChain(Problem problem, int index, ExploredSolution attempt)
    {
        public Problem Problem { get; } = problem;
        public int Index { get; } = index;
        public ExploredSolution Attempt { get; } = attempt;
        public ExploredSolution Current { get; set; } = attempt;
        public List<CritiqueRound> Rounds { get; } = [];
        public bool Done { get; set; }
    }
}
