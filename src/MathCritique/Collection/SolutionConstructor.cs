using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Sampling;
using MathCritique.Solutions;

namespace MathCritique.Collection;

/// <summary>
/// Builds candidate solutions for critique annotation with the paper's three methods, batched across
/// problems: one actor call for RG1 samples and the greedy base solutions, then the RG3 insertions (all at once),
/// then one actor call for all RG2/RG3 continuations. RG3 attempts that yield no candidate are returned as drops.
/// </summary>
public sealed class SolutionConstructor(ISampler actor, PromptSet prompts, MathGrader grader, ConstructionOptions options, IMistakeInserter? inserter = null)
{
    public async Task<ConstructedSolutions> BuildAsync(IReadOnlyList<Problem> problems, IProgress<SamplingProgress>? progress, CancellationToken cancellationToken)
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
        var dropped = new List<ConstructionDrop>();
        for (int p = 0; p < problems.Count; p++)
        {
            for (int i = 0; i < rg1[p].Length; i++)
                candidates.Add(Candidate(problems[p], ConstructionMethod.Rg1Sampling, i, rg1[p][i].Result.Text));
        }
        if (bases is null)
            return new(candidates, dropped);

        // RG2 and RG3 continue the greedy solution from a chosen step k: the first k−1 steps (and, for RG3,
        // the rewritten step k) become the assistant prefix the actor continues from. The RG3 insertions are started
        // together (a model inserter's requests run concurrently); the continuations join the batch in plan order.
        var planned = new List<(Problem Problem, ConstructionMethod Method, int Index, int Step, string? Type, bool BaseCorrect, string Prefix, Task<MistakeInsertion>? Insertion)>();
        for (int p = 0; p < problems.Count; p++)
        {
            var problem = problems[p];
            var steps = StepSegmenter.Split(bases[p].Result.Text).Select(s => s.Text).ToArray();
            if (steps.Length == 0)
                continue;
            bool baseCorrect = grader.Grade(problem.ReferenceAnswer, bases[p].Result.Text).Correct;
            for (int i = 0; i < options.Rg2Samples; i++)
            {
                var random = new Random((int)(Seed(problem, "rg2-step", i) & 0x7FFFFFFF));
                int k = random.Next(1, steps.Length + 1);
                planned.Add((problem, ConstructionMethod.Rg2ResampleFromStep, i, k, null, baseCorrect, StepSegmenter.Prefix(steps, k - 1), null));
            }
            if (inserter is null || inserter.MistakeTypes.Count == 0)
                continue;
            for (int i = 0; i < options.Rg3Samples; i++)
            {
                var random = new Random((int)(Seed(problem, "rg3-step", i) & 0x7FFFFFFF));
                int k = random.Next(1, steps.Length + 1);
                var type = inserter.MistakeTypes[random.Next(inserter.MistakeTypes.Count)];
                if (options.Rg3FromCorrectOnly && !baseCorrect)
                    dropped.Add(Drop(problem, i, k, type, ConstructionDrop.WrongBase));
                else
                    planned.Add((problem, ConstructionMethod.Rg3InsertedMistake, i, k, type, baseCorrect, StepSegmenter.Prefix(steps, k - 1),
                        inserter.InsertAsync(problem, steps, k, type, Seed(problem, "rg3", i), cancellationToken)));
            }
        }
        await Task.WhenAll(planned.Where(x => x.Insertion is not null).Select(x => x.Insertion!)).ConfigureAwait(false);

        var continuations = new List<Continuation>();
        foreach (var x in planned)
        {
            if (x.Insertion is null)
            {
                continuations.Add(new(x.Problem, x.Method, x.Index, x.Prefix, x.Step, null, x.BaseCorrect,
                    batch.AddContinuation(prompts.BuildSolve(x.Problem.Question), x.Prefix, options.Sampling(options.Rg2Temperature), Seed(x.Problem, "rg2", x.Index))));
                continue;
            }
            var insertion = await x.Insertion.ConfigureAwait(false);
            if (insertion.Step is not { } rewritten)
            {
                dropped.Add(Drop(x.Problem, x.Index, x.Step, x.Type!, insertion.DropReason ?? "no step", insertion.Output));
                continue;
            }
            var prefix = x.Prefix + rewritten.Trim() + "\n";
            continuations.Add(new(x.Problem, x.Method, x.Index, prefix, x.Step, x.Type, x.BaseCorrect,
                batch.AddContinuation(prompts.BuildSolve(x.Problem.Question), prefix, greedyOptions, Seed(x.Problem, "rg3", x.Index))));
        }
        await batch.SendAsync(progress, cancellationToken).ConfigureAwait(false);
        foreach (var c in continuations)
        {
            var candidate = Candidate(c.Problem, c.Method, c.Index, c.Prefix + c.Completion.Result.Text, c.Step, c.Type, c.BaseCorrect);
            // RG2/RG3 exist to make errors: keep a continuation that ended right only when asked to (as a "Correct" example).
            if (!candidate.Correct || (c.Method == ConstructionMethod.Rg2ResampleFromStep && options.Rg2KeepCorrect))
                candidates.Add(candidate.Correct ? candidate with { ErrorStep = null } : candidate);
            else if (c.Method == ConstructionMethod.Rg3InsertedMistake)
                dropped.Add(Drop(c.Problem, c.Index, c.Step, c.Type!, ConstructionDrop.ContinuationRight));
        }
        return new(candidates, dropped);
    }

    private sealed record Continuation(Problem Problem, ConstructionMethod Method, int Index, string Prefix, int Step, string? Type, bool BaseCorrect, Task<Completion> Completion);

    private static ConstructionDrop Drop(Problem problem, int index, int step, string type, string reason, string? output = null) =>
        new(CandidateSolution.IdOf(problem.Id, ConstructionMethod.Rg3InsertedMistake, index), problem.Id, ConstructionMethod.Rg3InsertedMistake, step, type, reason, output);

    private CandidateSolution Candidate(Problem problem, ConstructionMethod method, int index, string solution, int? errorStep = null, string? errorType = null, bool? baseCorrect = null)
    {
        var grade = grader.Grade(problem.ReferenceAnswer, solution);
        return new CandidateSolution(problem, method, index, solution, grade.PredictedAnswer, grade.Correct, errorStep, errorType, baseCorrect);
    }

    private ulong Seed(Problem problem, string purpose, int index)
    {
        return StableHash.Fnv1a(problem.Id + "\u0001" + purpose, options.Seed) + (ulong)index;
    }
}
