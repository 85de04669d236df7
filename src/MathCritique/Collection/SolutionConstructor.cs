using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Sampling;
using MathCritique.Solutions;

namespace MathCritique.Collection;

/// <summary>
/// Builds candidate solutions for critique annotation with the paper's three methods, batched across
/// problems: one actor call for RG1 samples and the greedy base solutions, one for all RG2/RG3 continuations.
/// </summary>
public sealed class SolutionConstructor(ISampler actor, PromptSet prompts, MathGrader grader, ConstructionOptions options, IMistakeInserter? inserter = null)
{
    public async Task<IReadOnlyList<CandidateSolution>> BuildAsync(IReadOnlyList<Problem> problems, IProgress<SamplingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problems);
        options.Validate();
        var batch = new RequestBatch(actor);
        var greedyOptions = options.Sampling(0);
        var rg1 = problems.Select(p => Enumerable.Range(0, options.Rg1Samples)
            .Select(i => batch.Add(prompts.BuildSolve(p.Question), options.Sampling(options.Rg1Temperature), Seed(p, "rg1", i))).ToArray()).ToArray();
        bool needBase = options.Rg2Samples > 0 || (options.Rg3Samples > 0 && inserter is not null);
        var bases = needBase ? problems.Select(p => batch.Add(prompts.BuildSolve(p.Question), greedyOptions, options.Seed)).ToArray() : null;
        await batch.SendAsync(progress, cancellationToken).ConfigureAwait(false);

        var candidates = new List<CandidateSolution>();
        for (int p = 0; p < problems.Count; p++)
        {
            for (int i = 0; i < rg1[p].Length; i++)
                candidates.Add(Candidate(problems[p], ConstructionMethod.Rg1Sampling, i, rg1[p][i].Result.Text));
        }
        if (bases is null)
            return candidates;

        // RG2 and RG3 continue the greedy solution from a chosen step k: the first k−1 steps (and, for RG3,
        // the rewritten step k) become the assistant prefix the actor continues from.
        var continuations = new List<(Problem Problem, ConstructionMethod Method, int Index, string Prefix, int Step, string? Type, Task<Completion> Completion)>();
        for (int p = 0; p < problems.Count; p++)
        {
            var problem = problems[p];
            var steps = StepSegmenter.Split(bases[p].Result.Text).Select(s => s.Text).ToArray();
            if (steps.Length == 0)
                continue;
            for (int i = 0; i < options.Rg2Samples; i++)
            {
                var random = new Random((int)(Seed(problem, "rg2-step", i) & 0x7FFFFFFF));
                int k = random.Next(1, steps.Length + 1);
                var prefix = StepSegmenter.Prefix(steps, k - 1);
                continuations.Add((problem, ConstructionMethod.Rg2ResampleFromStep, i, prefix, k, null,
                    batch.AddContinuation(prompts.BuildSolve(problem.Question), prefix, options.Sampling(options.Rg2Temperature), Seed(problem, "rg2", i))));
            }
            if (inserter is null || inserter.MistakeTypes.Count == 0)
                continue;
            for (int i = 0; i < options.Rg3Samples; i++)
            {
                var random = new Random((int)(Seed(problem, "rg3-step", i) & 0x7FFFFFFF));
                int k = random.Next(1, steps.Length + 1);
                var type = inserter.MistakeTypes[random.Next(inserter.MistakeTypes.Count)];
                var rewritten = await inserter.InsertAsync(problem, steps, k, type, Seed(problem, "rg3", i), cancellationToken).ConfigureAwait(false);
                if (rewritten is null)
                    continue;
                var prefix = StepSegmenter.Prefix(steps, k - 1) + rewritten.Trim() + "\n";
                continuations.Add((problem, ConstructionMethod.Rg3InsertedMistake, i, prefix, k, type,
                    batch.AddContinuation(prompts.BuildSolve(problem.Question), prefix, greedyOptions, Seed(problem, "rg3", i))));
            }
        }
        await batch.SendAsync(progress, cancellationToken).ConfigureAwait(false);
        foreach (var c in continuations)
        {
            var candidate = Candidate(c.Problem, c.Method, c.Index, c.Prefix + c.Completion.Result.Text, c.Step, c.Type);
            // RG2/RG3 exist to make errors: keep a continuation that ended right only when asked to (as a "Correct" example).
            if (!candidate.Correct || (c.Method == ConstructionMethod.Rg2ResampleFromStep && options.Rg2KeepCorrect))
                candidates.Add(candidate.Correct ? candidate with { ErrorStep = null } : candidate);
        }
        return candidates;
    }

    private CandidateSolution Candidate(Problem problem, ConstructionMethod method, int index, string solution, int? errorStep = null, string? errorType = null)
    {
        var grade = grader.Grade(problem.ReferenceAnswer, solution);
        return new CandidateSolution(problem, method, index, solution, grade.PredictedAnswer, grade.Correct, errorStep, errorType);
    }

    private ulong Seed(Problem problem, string purpose, int index)
    {
        return StableHash.Fnv1a(problem.Id + "\u0001" + purpose, options.Seed) + (ulong)index;
    }
}
