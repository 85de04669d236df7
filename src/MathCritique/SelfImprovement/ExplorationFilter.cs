namespace MathCritique.SelfImprovement;

/// <summary>Where a kept solution came from.</summary>
public enum SolutionSource
{
    /// <summary>A first attempt, right as sampled.</summary>
    FirstAttempt,
    /// <summary>The actor's refinement of a wrong first attempt after the critic's critique.</summary>
    Refinement,
}

/// <summary>What the filter decided about one explored solution, and why (a line of <c>decisions.jsonl</c>).</summary>
/// <param name="Sample">The first attempt it is, or refines.</param>
/// <param name="Round">For a refinement: its critique→refine round (1-based).</param>
/// <param name="Refinement">For a refinement: which of the round's refinements (0-based).</param>
/// <param name="Reason">Why it was dropped (<see cref="ExplorationFilter"/>'s reasons), or "kept".</param>
/// <param name="CritiqueStatesAnswer">For a refinement: its critique wrote the reference answer verbatim.</param>
public sealed record FilterDecision(string Problem, SolutionSource Source, int Sample, int? Round, int? Refinement, bool Kept, string Reason, bool CritiqueStatesAnswer = false);

/// <summary>A solution the filter kept: the training example, and the wrong solution and critique behind a refinement.</summary>
public sealed record KeptSolution(string Problem, int? Level, string Question, string Solution, SolutionSource Source, string? WrongSolution = null, string? Critique = null);

/// <summary>The filter's outcome for one problem.</summary>
public sealed record FilteredProblem(IReadOnlyList<FilterDecision> Decisions, IReadOnlyList<KeptSolution> Kept);

/// <summary>
/// Decides which explored solutions of a problem are trained on: verified first attempts, de-duplicated by text and
/// capped; then verified refinements that pass the shortcut barrier, at most one per wrong first attempt, not a
/// duplicate of anything kept, capped. A refinement whose critique wrote the reference answer is flagged (and dropped
/// when the options say so). Every solution gets a decision with its reason.
/// </summary>
public static class ExplorationFilter
{
    public const string Kept = "kept";
    public const string WrongAnswer = "wrong answer";
    public const string WrongSteps = "right answer, wrong steps";
    public const string Duplicate = "duplicate";
    public const string Cap = "cap per problem";
    public const string Shortcut = "shortcut (too few numbers)";
    public const string AnswerGivenAway = "critique stated the answer";
    public const string OnePerWrongAttempt = "a refinement of this attempt was kept";

    /// <param name="waves">Every wave explored for the problem, in wave order.</param>
    public static FilteredProblem Apply(IReadOnlyList<ProblemExploration> waves, ExplorationFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(waves);
        ArgumentNullException.ThrowIfNull(options);
        if (waves.Count == 0)
            return new FilteredProblem([], []);
        var problem = waves[0];
        var samples = waves.SelectMany(w => w.Samples).OrderBy(s => s.Index).ToArray();
        var decisions = new List<FilterDecision>();
        var kept = new List<KeptSolution>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var sample in samples)
        {
            var attempt = sample.Attempt;
            string reason = Unverified(attempt)
                ?? (!seen.Add(SolutionSignature.Text(attempt.Text)) ? Duplicate
                : kept.Count >= options.MaxFirstAttemptsPerProblem ? Cap : Kept);
            decisions.Add(new FilterDecision(problem.Id, SolutionSource.FirstAttempt, sample.Index, null, null, reason == Kept, reason));
            if (reason == Kept)
                kept.Add(new KeptSolution(problem.Id, problem.Level, problem.Question, attempt.Text, SolutionSource.FirstAttempt));
        }

        int refinementsKept = 0;
        int referenceNumbers = problem.ReferenceSolution is { } reference ? SolutionSignature.NumberCount(reference) : int.MaxValue;
        foreach (var sample in samples.Where(s => s.Rounds.Count > 0))
        {
            bool keptOne = false;
            var refined = sample.Attempt;
            for (int r = 0; r < sample.Rounds.Count; r++)
            {
                var round = sample.Rounds[r];
                // The barrier compares with the solution this round refined: the first attempt, then the last round's first refinement.
                int floor = Math.Min(referenceNumbers, SolutionSignature.NumberCount(refined.Text)) - options.ShortcutSlack;
                for (int m = 0; m < round.Refinements.Count; m++)
                {
                    var solution = round.Refinements[m];
                    string reason = Unverified(solution)
                        ?? (SolutionSignature.NumberCount(solution.Text) < floor ? Shortcut
                        : round.StatesAnswer && options.DropWhenCritiqueStatesAnswer ? AnswerGivenAway
                        : keptOne ? OnePerWrongAttempt
                        : !seen.Add(SolutionSignature.Text(solution.Text)) ? Duplicate
                        : refinementsKept >= options.MaxRefinementsPerProblem ? Cap : Kept);
                    decisions.Add(new FilterDecision(problem.Id, SolutionSource.Refinement, sample.Index, r + 1, m, reason == Kept, reason, round.StatesAnswer));
                    if (reason != Kept)
                        continue;
                    keptOne = true;
                    refinementsKept++;
                    kept.Add(new KeptSolution(problem.Id, problem.Level, problem.Question, solution.Text, SolutionSource.Refinement, refined.Text, round.Critique));
                }
                refined = round.Refinements.Count > 0 ? round.Refinements[0] : refined;
            }
        }
        return new FilteredProblem(decisions, kept);
    }

    private static string? Unverified(ExploredSolution solution) =>
        solution.Verified ? null : solution.RightAnswerWrongSteps ? WrongSteps : WrongAnswer;
}
