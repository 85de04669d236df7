using System.Runtime.CompilerServices;
using MathCritique.Critiques;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Sampling;

namespace MathCritique.TestTime;

/// <summary>
/// Generates, for each problem, what every test-time strategy needs: the greedy attempt, sequential
/// critique→refine chains on it (one per <see cref="RefineVariant"/>), and K critiqued samples (refined
/// when rejected). Problems are processed in batches and every phase of a batch is one sampler call per
/// model, so the engine can decode them together. Strategies are then scored from the records
/// (<see cref="StrategyScorer"/>) without further model calls.
/// </summary>
public sealed class CritiqueLoopRunner
{
    private readonly ISampler _actor;
    private readonly ISampler _critic;
    private readonly PromptSet _prompts;
    private readonly MathGrader _grader;
    private readonly CritiqueLoopOptions _options;

    public CritiqueLoopRunner(ISampler actor, ISampler critic, PromptSet prompts, MathGrader grader, CritiqueLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(grader);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (_actor, _critic, _prompts, _grader, _options) = (actor, critic, prompts, grader, options);
    }

    /// <summary>Records in problem order, one batch at a time (so callers can save them as they come).</summary>
    public async IAsyncEnumerable<ProblemRecord> RunAsync(
        IReadOnlyList<Problem> problems, IProgress<SamplingProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        for (int start = 0; start < problems.Count; start += _options.ProblemsPerBatch)
        {
            var batch = problems.Skip(start).Take(_options.ProblemsPerBatch).ToArray();
            foreach (var record in await RunBatchAsync(batch, progress, cancellationToken).ConfigureAwait(false))
                yield return record;
        }
    }

    private async Task<ProblemRecord[]> RunBatchAsync(Problem[] problems, IProgress<SamplingProgress>? progress, CancellationToken ct)
    {
        var actor = new RequestBatch(_actor);
        var critic = new RequestBatch(_critic);
        var greedyOptions = _options.ActorSampling with { Temperature = 0 };

        // Phase 1: the greedy attempt and K samples of every problem.
        var greedy = problems.Select(p => actor.Add(_prompts.BuildSolve(p.Question), greedyOptions, _options.Seed)).ToArray();
        var samples = problems.Select(p => Enumerable.Range(0, _options.Samples)
            .Select(i => actor.Add(_prompts.BuildSolve(p.Question), _options.ActorSampling, SeedOf(p, "sample", i))).ToArray()).ToArray();
        await actor.SendAsync(progress, ct).ConfigureAwait(false);

        var chains = problems.Select((p, i) => _options.Variants.ToDictionary(v => v, _ => new Chain(Grade(p, greedy[i].Result)))).ToArray();
        var sampled = problems.Select((p, i) => samples[i].Select(s => Grade(p, s.Result)).ToArray()).ToArray();
        var sampleSteps = new CritiqueStep?[problems.Length][];

        for (int round = 1; round <= Math.Max(_options.Rounds, _options.Samples > 0 ? 1 : 0); round++)
        {
            bool chainsActive = round <= _options.Rounds;
            // Critique every chain that goes on this round, and (in round 1) every sample.
            var chainCritiques = new List<(Chain Chain, RefineVariant Variant, Problem Problem, Task<Completion> Critique)>();
            if (chainsActive)
            {
                for (int p = 0; p < problems.Length; p++)
                {
                    foreach (var (variant, chain) in chains[p])
                    {
                        if (chain.Done)
                            continue;
                        if (variant == RefineVariant.Oracle && chain.Current.Correct)
                        {
                            chain.Done = true;
                            continue;
                        }
                        // A candidate the critic already judged when it was chosen is not judged again.
                        var critique = chain.KnownCritique is { } known
                            ? Task.FromResult(known)
                            : _prompts.AddCritique(critic, problems[p].Question, chain.Current.Text, _options.CriticSampling, _options.Seed, _options.CriticVotes);
                        chainCritiques.Add((chain, variant, problems[p], critique));
                    }
                }
            }
            var sampleCritiques = round == 1
                ? problems.Select((p, i) => sampled[i].Select(a => _prompts.AddCritique(critic, p.Question, a.Text, _options.CriticSampling, _options.Seed, _options.CriticVotes)).ToArray()).ToArray()
                : null;
            await critic.SendAsync(progress, ct).ConfigureAwait(false);

            // Refine where the variant says so.
            var chainRefinements = new List<(Chain Chain, Completion Critique, bool Reused, Task<Completion>[]? Candidates, Problem Problem)>();
            foreach (var (chain, variant, problem, critiqueTask) in chainCritiques)
            {
                var critique = critiqueTask.Result;
                bool reused = chain.KnownCritique is not null;
                chain.KnownCritique = null;
                bool refine = variant != RefineVariant.Critic || Judge(critique.Text).SaysWrong;
                // A rewrite is greedy (the paper's chains); a resumed chain samples, with a seed per round (and
                // candidate) so a step judged wrong again is not continued the same way.
                var (options, seed) = _options.Refine == RefineMode.Rewrite ? (greedyOptions, _options.Seed) : (_options.ActorSampling, SeedOf(problem, "resume", round));
                var candidates = refine
                    ? Enumerable.Range(0, _options.RefineCandidates)
                        .Select(m => AddRefinement(actor, problem, chain.Current.Text, critique.Text, options, seed + (ulong)m * CandidateSeedStride)).ToArray()
                    : null;
                chainRefinements.Add((chain, critique, reused, candidates, problem));
            }
            var sampleRefinements = sampleCritiques?.Select((perProblem, p) => perProblem.Select((c, i) =>
                _options.RefineRejectedSamples && Judge(c.Result.Text).SaysWrong
                    ? AddRefinement(actor, problems[p], sampled[p][i].Text, c.Result.Text, _options.ActorSampling, SeedOf(problems[p], "refine", i))
                    : null).ToArray()).ToArray();
            await actor.SendAsync(progress, ct).ConfigureAwait(false);

            // Several candidates: the critic judges each, and the chain goes on with the best.
            var candidateCritiques = _options.RefineCandidates == 1 ? null : chainRefinements.Select(r => r.Candidates?.Select(c =>
                _prompts.AddCritique(critic, r.Problem.Question, c.Result.Text, _options.CriticSampling, _options.Seed, _options.CriticVotes)).ToArray()).ToArray();
            if (candidateCritiques is not null)
                await critic.SendAsync(progress, ct).ConfigureAwait(false);

            for (int r = 0; r < chainRefinements.Count; r++)
            {
                var (chain, critique, reused, candidates, problem) = chainRefinements[r];
                // A critique judged when its solution was chosen was counted then.
                var step = Step(reused ? critique with { PromptTokens = 0, GeneratedTokens = 0 } : critique, null) with { CriticCalls = reused ? 0 : 1 };
                if (candidates is null)
                {
                    chain.Steps.Add(step);
                    chain.Done = true;
                    continue;
                }
                var completions = candidates.Select(c => c.Result).ToArray();
                int best = 0;
                if (candidateCritiques?[r] is { } judged)
                {
                    var critiques = judged.Select(j => j.Result).ToArray();
                    best = Best(critiques);
                    chain.KnownCritique = critiques[best];
                    // Identical candidates share one request (and one task), so they are counted once.
                    var sent = judged.Distinct().Select(j => j.Result).ToArray();
                    step = step with { Tokens = step.Tokens + sent.Sum(c => c.GeneratedTokens), CriticCalls = step.CriticCalls + sent.Length };
                }
                var refined = Grade(problem, completions[best]) with { Tokens = completions.Sum(c => c.GeneratedTokens) };
                chain.Steps.Add(step with { Refined = refined, ActorCalls = completions.Length });
                chain.Current = refined;
            }
            if (sampleCritiques is not null)
            {
                for (int p = 0; p < problems.Length; p++)
                {
                    sampleSteps[p] = sampleCritiques[p].Select((c, i) =>
                        (CritiqueStep?)Step(c.Result, sampleRefinements![p][i] is { } r ? Grade(problems[p], r.Result) : null)).ToArray();
                }
            }
        }

        return problems.Select((p, i) => new ProblemRecord
        {
            Id = p.Id,
            Level = p.Level,
            Question = p.Question,
            Reference = p.ReferenceAnswer,
            Greedy = Grade(p, greedy[i].Result),
            Chains = chains[i].ToDictionary(kv => kv.Key, kv => (IReadOnlyList<CritiqueStep>)kv.Value.Steps),
            Samples = sampled[i].Select((a, k) => new SampledAttempt(a, sampleSteps[i]?[k])).ToArray(),
        }).ToArray();
    }

    // Seeds of a round's further candidates, far from the consecutive seeds of other rounds and samples (and not the
    // stride SamplingRequest.SeedFor steps by).
    private const ulong CandidateSeedStride = 0xD1B54A32D192ED03UL;

    /// <summary>The first candidate the critique accepts, else the one whose first wrong step comes latest (the first on a tie).</summary>
    private static int Best(IReadOnlyList<Completion> critiques)
    {
        int best = 0, bestScore = -1;
        for (int i = 0; i < critiques.Count; i++)
        {
            var parsed = CritiqueParser.Parse(critiques[i].Text).Critique;
            int score = !parsed.RejectsSolution ? int.MaxValue : parsed.FirstWrongStep ?? 0;
            if (score > bestScore)
                (best, bestScore) = (i, score);
        }
        return best;
    }

    private Task<Completion> AddRefinement(RequestBatch actor, Problem problem, string solution, string critique, SamplingOptions options, ulong seed) =>
        Refinement.Add(actor, _prompts, _options.Refine, problem.Question, solution, critique, options, seed);

    private Attempt Grade(Problem problem, Completion completion)
    {
        var result = _grader.Grade(problem.ReferenceAnswer, completion.Text);
        return new Attempt(completion.Text, result.PredictedAnswer, result.Correct, completion.GeneratedTokens);
    }

    private static (bool SaysWrong, bool ParseFailed) Judge(string critique)
    {
        var parsed = CritiqueParser.Parse(critique);
        return (parsed.Critique.RejectsSolution, parsed.IsEmpty);
    }

    private static CritiqueStep Step(Completion critique, Attempt? refined)
    {
        var (saysWrong, parseFailed) = Judge(critique.Text);
        return new CritiqueStep(critique.Text, saysWrong, parseFailed, critique.GeneratedTokens, refined);
    }

    private ulong SeedOf(Problem problem, string purpose, int index)
    {
        // From the problem id and purpose, so a problem's samples don't depend on batch composition.
        return StableHash.Fnv1a(problem.Id + "\u0001" + purpose, _options.Seed) + (ulong)index;
    }

    private sealed class Chain(Attempt start)
    {
        public Attempt Current { get; set; } = start;
        public List<CritiqueStep> Steps { get; } = [];
        public bool Done { get; set; }
        /// <summary>The critique of <see cref="Current"/> when the critic judged it as a candidate.</summary>
        public Completion? KnownCritique { get; set; }
    }
}
