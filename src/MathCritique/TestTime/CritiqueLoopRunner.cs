using System.Runtime.CompilerServices;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.TestTime;

/// <summary>
/// Generates, for each problem, what its strategies need (the union of their <see cref="GenerationPlan"/>s): the
/// greedy attempt, sequential critique→refine chains on it (one per <see cref="RefineVariant"/>), K critiqued samples
/// (refined when rejected) and attempts with a strategy's own prompt. Problems are processed in batches, phase by phase
/// (solve, then per round: critique, refine, judge refine candidates), and every phase of a batch is one sampler call
/// per model, so the engine can decode them together. Strategies are then scored from the records
/// (<see cref="StrategyScorer"/>) without further model calls.
/// </summary>
public sealed class CritiqueLoopRunner
{
    private readonly ISampler _actor;
    private readonly ISampler _critic;
    private readonly PromptSet _prompts;
    private readonly MathGrader _grader;
    private readonly CritiqueLoopOptions _options;
    private readonly GenerationPlan _plan;

    public CritiqueLoopRunner(ISampler actor, ISampler critic, PromptSet prompts, MathGrader grader, CritiqueLoopOptions options,
        IEnumerable<ITestTimeStrategy> strategies)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(grader);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var plan = GenerationPlan.For(strategies, options);
        foreach (var attempt in plan.Attempts)
            attempt.Validate();
        (_actor, _critic, _prompts, _grader, _options, _plan) = (actor, critic, prompts, grader, options, plan);
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

    private SamplingOptions GreedyOptions => _options.ActorSampling with { Temperature = 0 };

    private int SampleCount => _plan.Samples ? _options.Samples : 0;

    private async Task<ProblemRecord[]> RunBatchAsync(Problem[] problems, IProgress<SamplingProgress>? progress, CancellationToken ct)
    {
        var phase = new Phase(new RequestBatch(_actor), new RequestBatch(_critic), progress, ct);
        var work = await SolveAsync(problems, phase).ConfigureAwait(false);
        // Samples are critiqued (and refined) in round 1, with the chains' first round.
        int rounds = Math.Max(_options.Rounds, SampleCount > 0 && _plan.SampleCritiques ? 1 : 0);
        for (int round = 1; round <= rounds; round++)
        {
            var chainRounds = await CritiqueAsync(work, round, phase).ConfigureAwait(false);
            await RefineAsync(work, chainRounds, round, phase).ConfigureAwait(false);
            await JudgeCandidatesAsync(chainRounds, phase).ConfigureAwait(false);
            foreach (var chainRound in chainRounds)
                Advance(chainRound);
            if (round == 1)
                RecordSampleSteps(work);
        }
        return work.Select(w => w.ToRecord()).ToArray();
    }

    /// <summary>
    /// The two request batches of a problem batch, and how each phase sends them. Each problem queues through its own
    /// scope, so its calls' shared prompt prefixes are counted among its own calls (<see cref="RequestBatch.ForScope"/>).
    /// </summary>
    private sealed record Phase(RequestBatch Actor, RequestBatch Critic, IProgress<SamplingProgress>? Progress, CancellationToken Cancellation)
    {
        public RequestBatch ActorFor(Problem problem) => Actor.ForScope(problem.Id);
        public RequestBatch CriticFor(Problem problem) => Critic.ForScope(problem.Id);

        public Task SendActorAsync() => Actor.SendAsync(Progress, Cancellation);
        public Task SendCriticAsync() => Critic.SendAsync(Progress, Cancellation);
    }

    /// <summary>Solve: the greedy attempt, the K samples and the strategies' own attempts of every problem.</summary>
    private async Task<ProblemWork[]> SolveAsync(Problem[] problems, Phase phase)
    {
        var work = problems.Select(p => new ProblemWork(p, phase.ActorFor(p).Add(_prompts.BuildSolve(p.Question), GreedyOptions, _options.Seed))).ToArray();
        foreach (var w in work)
        {
            w.SampleRequests = Enumerable.Range(0, SampleCount)
                .Select(i => phase.ActorFor(w.Problem).Add(_prompts.BuildSolve(w.Problem.Question), _options.ActorSampling, SeedOf(w.Problem, "sample", i))).ToArray();
        }
        foreach (var plan in _plan.Attempts)
        {
            var options = plan.Sampled ? _options.ActorSampling : GreedyOptions;
            foreach (var w in work)
            {
                w.AttemptRequests[plan.Key] = Enumerable.Range(0, plan.Count)
                    .Select(i => phase.ActorFor(w.Problem).Add(plan.Prompt(w.Problem.Question), options, SeedOf(w.Problem, plan.Key, i))).ToArray();
            }
        }
        await phase.SendActorAsync().ConfigureAwait(false);

        foreach (var w in work)
        {
            w.Greedy = Grade(w.Problem, w.GreedyRequest.Result);
            w.Samples = w.SampleRequests.Select(s => new SampleWork(Grade(w.Problem, s.Result))).ToArray();
            foreach (var variant in _plan.Chains)
                w.Chains[variant] = new ChainWork(variant, w.Greedy);
            foreach (var (key, requests) in w.AttemptRequests)
                w.Attempts[key] = requests.Select(r => Grade(w.Problem, r.Result)).ToArray();
        }
        return work;
    }

    /// <summary>Critique: every chain that goes on this round, and (in round 1) every sample.</summary>
    private async Task<List<ChainRound>> CritiqueAsync(ProblemWork[] work, int round, Phase phase)
    {
        var chainRounds = new List<ChainRound>();
        if (round <= _options.Rounds)
        {
            foreach (var w in work)
            {
                foreach (var chain in w.Chains.Values)
                {
                    if (chain.Done)
                        continue;
                    if (chain.Variant == RefineVariant.Oracle && chain.Current.Correct)
                    {
                        chain.Done = true;
                        continue;
                    }
                    // A candidate the critic already judged when it was chosen is not judged again.
                    chainRounds.Add(new ChainRound(w, chain, chain.KnownCritique is null ? AddCritique(phase, w.Problem, chain.Current) : null));
                }
            }
        }
        if (round == 1 && _plan.SampleCritiques)
        {
            foreach (var w in work)
            {
                foreach (var sample in w.Samples)
                    sample.CritiqueRequest = AddCritique(phase, w.Problem, sample.Attempt);
            }
        }
        await phase.SendCriticAsync().ConfigureAwait(false);
        return chainRounds;
    }

    /// <summary>Refine: chains where their variant says so, and (in round 1) samples the critic rejects.</summary>
    private async Task RefineAsync(ProblemWork[] work, List<ChainRound> chainRounds, int round, Phase phase)
    {
        foreach (var r in chainRounds)
        {
            r.Reused = r.CritiqueRequest is null;
            r.Critique = r.Chain.KnownCritique ?? r.CritiqueRequest!.Result;
            r.Chain.KnownCritique = null;
            if (r.Chain.Variant == RefineVariant.Critic && !r.Critique.SaysWrong)
                continue;
            // A rewrite is greedy (the paper's chains); a resumed chain samples, with a seed per round (and
            // candidate) so a step judged wrong again is not continued the same way.
            var (options, seed) = _options.Refine == RefineMode.Rewrite ? (GreedyOptions, _options.Seed) : (_options.ActorSampling, SeedOf(r.Problem.Problem, "resume", round));
            r.Candidates = Enumerable.Range(0, _options.RefineCandidates)
                .Select(m => AddRefinement(phase, r.Problem.Problem, r.Chain.Current, r.Critique, options, seed + (ulong)m * CandidateSeedStride)).ToArray();
        }
        if (round == 1)
        {
            foreach (var w in work)
            {
                for (int i = 0; i < w.Samples.Length; i++)
                {
                    var sample = w.Samples[i];
                    if (sample.CritiqueRequest is null)
                        continue;
                    sample.Critique = sample.CritiqueRequest.Result;
                    if (_plan.SampleRefinements && sample.Critique.SaysWrong)
                        sample.RefinementRequest = AddRefinement(phase, w.Problem, sample.Attempt, sample.Critique, _options.ActorSampling, SeedOf(w.Problem, "refine", i));
                }
            }
        }
        await phase.SendActorAsync().ConfigureAwait(false);
    }

    /// <summary>With several refine candidates: the critic judges each, and the chain goes on with the best.</summary>
    private async Task JudgeCandidatesAsync(List<ChainRound> chainRounds, Phase phase)
    {
        if (_options.RefineCandidates == 1)
            return;
        foreach (var r in chainRounds)
        {
            r.CandidateCritiques = r.Candidates?.Select(c => _prompts.AddCritique(phase.CriticFor(r.Problem.Problem), r.Problem.Problem.Question, c.Result.Text,
                _options.CriticSampling, _options.Seed, _options.CriticVotes)).ToArray();
        }
        await phase.SendCriticAsync().ConfigureAwait(false);
    }

    /// <summary>Records a chain's round: its critique, and the refinement it goes on with (or the end of the chain).</summary>
    private void Advance(ChainRound r)
    {
        var chain = r.Chain;
        // A critique judged when its solution was chosen was counted then.
        var step = CritiqueStep.Of(r.Critique, counted: !r.Reused, null);
        if (r.Candidates is null)
        {
            chain.Steps.Add(step);
            chain.Done = true;
            return;
        }
        var completions = r.Candidates.Select(c => c.Result).ToArray();
        int best = 0;
        if (r.CandidateCritiques is { } judged)
        {
            var critiques = judged.Select(j => j.Result).ToArray();
            best = Best(critiques);
            chain.KnownCritique = critiques[best];
            // Identical candidates share one request (and one completion), so they are counted once.
            var sent = critiques.DistinctBy(c => c.Completion, ReferenceEqualityComparer.Instance).ToArray();
            step = step with
            {
                Tokens = step.Tokens + sent.Sum(c => c.Completion.GeneratedTokens),
                CriticCalls = step.CriticCalls + sent.Sum(c => c.Calls),
                PromptTokens = step.PromptTokens + sent.Sum(c => c.Completion.PromptTokens),
                SharedPrefixTokens = step.SharedPrefixTokens + sent.Sum(c => c.Completion.SharedPrefixTokens),
            };
        }
        var refined = Grade(r.Problem.Problem, completions[best]) with
        {
            Tokens = completions.Sum(c => c.GeneratedTokens),
            PromptTokens = completions.Sum(c => c.PromptTokens),
            SharedPrefixTokens = completions.Sum(c => c.SharedPrefixTokens),
        };
        chain.Steps.Add(step with { Refined = refined, ActorCalls = completions.Length });
        chain.Current = refined;
    }

    private void RecordSampleSteps(ProblemWork[] work)
    {
        foreach (var w in work)
        {
            foreach (var sample in w.Samples)
            {
                if (sample.Critique is { } critique)
                    sample.Step = CritiqueStep.Of(critique, counted: true, sample.RefinementRequest is { } r ? Grade(w.Problem, r.Result) : null);
            }
        }
    }

    // Seeds of a round's further candidates, far from the consecutive seeds of other rounds and samples (and not the
    // stride SamplingRequest.SeedFor steps by).
    private const ulong CandidateSeedStride = 0xD1B54A32D192ED03UL;

    /// <summary>The first candidate the critique accepts, else the one whose first wrong step comes latest (the first on a tie).</summary>
    private static int Best(IReadOnlyList<CriticReply> critiques)
    {
        int best = 0, bestScore = -1;
        for (int i = 0; i < critiques.Count; i++)
        {
            var parsed = critiques[i].Parsed.Critique;
            int score = !parsed.RejectsSolution ? int.MaxValue : parsed.FirstWrongStep ?? 0;
            if (score > bestScore)
                (best, bestScore) = (i, score);
        }
        return best;
    }

    private Task<CriticReply> AddCritique(Phase phase, Problem problem, Attempt attempt) =>
        _prompts.AddCritique(phase.CriticFor(problem), problem.Question, attempt.Text, _options.CriticSampling, _options.Seed, _options.CriticVotes);

    private Task<Completion> AddRefinement(Phase phase, Problem problem, Attempt attempt, CriticReply critique, SamplingOptions options, ulong seed) =>
        Refinement.Add(phase.ActorFor(problem), _prompts, _options.Refine, problem.Question, attempt.Text, critique.Text, critique.Parsed, options, seed);

    private Attempt Grade(Problem problem, Completion completion)
    {
        var result = _grader.Grade(problem.ReferenceAnswer, completion.Text);
        return new Attempt(completion.Text, result.PredictedAnswer, result.Correct, completion.GeneratedTokens)
        {
            PromptTokens = completion.PromptTokens,
            SharedPrefixTokens = completion.SharedPrefixTokens,
        };
    }

    private ulong SeedOf(Problem problem, string purpose, int index)
    {
        // From the problem id and purpose, so a problem's samples don't depend on batch composition.
        return StableHash.Fnv1a(problem.Id + "\u0001" + purpose, _options.Seed) + (ulong)index;
    }
}
