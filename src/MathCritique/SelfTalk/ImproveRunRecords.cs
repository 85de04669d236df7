using System.Globalization;
using MathCritique.Collection;
using MathCritique.Critiques;
using MathCritique.Problems;
using MathCritique.Runs;
using MathCritique.SelfImprovement;

namespace MathCritique.SelfTalk;

/// <summary>
/// An <c>improve</c> run directory's exploration records (<c>{arm}/iteration-{i}/exploration.jsonl</c>) as the critique
/// records <see cref="SelfTalkDatasetBuilder"/> takes. Each critiqued solution (a wrong first attempt; in a later round,
/// the refinement that round critiqued) becomes a record with its critique, parsed as <c>collect</c> parses one. Each
/// verified first attempt and verified refinement becomes a right solution with no critique and no annotator: it
/// corrects the problem's wrong attempts and joins the plain-CoT set. Ids say where a record came from:
/// <c>{arm}/iteration-{i}/{problem}/sample-{k}</c>, and <c>…/round-{r}/refinement-{m}</c> for a refinement.
/// </summary>
/// <param name="Records">Every arm's and iteration's records, in directory order.</param>
/// <param name="Problems">The problems as the records carry them (question, reference answer and solution, level).</param>
/// <param name="BySource">Records read per <c>{arm}/iteration-{i}</c>.</param>
public sealed record ImproveRunRecords(IReadOnlyList<CritiqueRecord> Records, IReadOnlyList<Problem> Problems, IReadOnlyDictionary<string, SourceRecords> BySource)
{
    /// <summary>Who wrote the critiques, as the records name it (the critic identity is in the run's run.json).</summary>
    public const string Critic = "improve critic";

    /// <summary>Whether <paramref name="directory"/> holds a run.json and at least one arm's iteration with exploration records.</summary>
    public static bool IsRunDirectory(string directory) =>
        File.Exists(Path.Combine(directory, RunManifest.FileName)) && Explorations(directory, null, null).Any();

    /// <summary>Reads the exploration records of the arms and iterations asked for (null: all there are).</summary>
    /// <exception cref="FileNotFoundException">None of the asked-for arms and iterations has exploration records.</exception>
    public static async Task<ImproveRunRecords> ReadAsync(string directory, IReadOnlyCollection<SelfImprovementArm>? arms = null,
        IReadOnlyCollection<int>? iterations = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var records = new List<CritiqueRecord>();
        var problems = new Dictionary<string, Problem>(StringComparer.Ordinal);
        var bySource = new Dictionary<string, SourceRecords>(StringComparer.Ordinal);
        foreach (var (source, path) in Explorations(directory, arms, iterations))
        {
            var explored = await JsonlRecordStore<ProblemExploration>.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            var converted = explored.SelectMany(e => FromExploration(source, e)).ToArray();
            foreach (var e in explored)
                problems.TryAdd(e.Id, new Problem(e.Id, e.Question, e.Reference, e.ReferenceSolution, e.Level));
            bySource[source] = new SourceRecords(converted.Count(r => r.Annotator.Length > 0), converted.Count(r => r.Annotator.Length == 0));
            records.AddRange(converted);
        }
        if (bySource.Count == 0)
            throw new FileNotFoundException($"{directory}: no {{arm}}/iteration-{{i}}/exploration.jsonl for the arms and iterations asked for", directory);
        return new ImproveRunRecords(records, problems.Values.ToArray(), bySource);
    }

    /// <summary>One problem's exploration wave as records: critiqued solutions with their critiques, verified solutions without.</summary>
    /// <param name="source">Where the wave was read, <c>{arm}/iteration-{i}</c>: the prefix of the records' ids.</param>
    public static IEnumerable<CritiqueRecord> FromExploration(string source, ProblemExploration exploration)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(exploration);
        foreach (var sample in exploration.Samples)
        {
            string id = $"{source}/{exploration.Id}/sample-{sample.Index.ToString(CultureInfo.InvariantCulture)}";
            if (sample.Attempt.Verified)
                yield return Right(exploration, id, sample.Attempt);
            // A round critiques the first attempt, or (after a round with no verified refinement) that round's first refinement.
            var critiqued = (Id: id, Solution: sample.Attempt);
            for (int r = 0; r < sample.Rounds.Count; r++)
            {
                var round = sample.Rounds[r];
                yield return Critiqued(exploration, critiqued.Id, critiqued.Solution, round);
                string Refinement(int m) => $"{id}/round-{(r + 1).ToString(CultureInfo.InvariantCulture)}/refinement-{(m + 1).ToString(CultureInfo.InvariantCulture)}";
                for (int m = 0; m < round.Refinements.Count; m++)
                {
                    if (round.Refinements[m].Verified)
                        yield return Right(exploration, Refinement(m), round.Refinements[m]);
                }
                if (round.Refinements.Count > 0)
                    critiqued = (Refinement(0), round.Refinements[0]);
            }
        }
    }

    /// <summary>The <c>{arm}/iteration-{i}</c> directories asked for that hold exploration records, arm by arm, iteration by iteration.</summary>
    private static IEnumerable<(string Source, string Path)> Explorations(string directory, IReadOnlyCollection<SelfImprovementArm>? arms, IReadOnlyCollection<int>? iterations)
    {
        const string prefix = "iteration-";
        foreach (var arm in SelfImprovementArms.All.Where(a => arms is null || arms.Contains(a)))
        {
            var armDirectory = Path.Combine(directory, arm.Name());
            if (!Directory.Exists(armDirectory))
                continue;
            var numbers = Directory.EnumerateDirectories(armDirectory, prefix + "*")
                .Select(d => int.TryParse(Path.GetFileName(d)[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : 0)
                .Where(i => i > 0 && (iterations is null || iterations.Contains(i)))
                .Order();
            foreach (int iteration in numbers)
            {
                var files = new IterationDirectory(directory, arm, iteration);
                if (File.Exists(files.Exploration))
                    yield return ($"{arm.Name()}/{prefix}{iteration.ToString(CultureInfo.InvariantCulture)}", files.Exploration);
            }
        }
    }

    private static CritiqueRecord Critiqued(ProblemExploration exploration, string id, ExploredSolution solution, CritiqueRound round)
    {
        var parsed = CritiqueParser.Parse(round.Critique);
        var critique = parsed.Critique;
        int verified = round.Refinements.Count(r => r.Verified);
        return Record(exploration, id, solution) with
        {
            Annotator = Critic,
            Critique = round.Critique,
            FinalVerdict = critique.FinalAnswer,
            FirstWrongStep = critique.FirstWrongStep,
            StepVerdicts = critique.Steps.Select(s => new StoredStepVerdict(s.Index, s.StepText, s.Verdict, s.Explanation)).ToArray(),
            ParseIssues = parsed.Issues.Select(issue => $"line {issue.Line}: {issue.Message}").ToArray(),
            // The loop's own test of a critique: did a refinement sampled from it verify (collect's Monte-Carlo filter asks the same).
            RefinementSamples = round.Refinements.Count,
            RefinementCorrect = verified,
            RefinementSuccessRate = round.Refinements.Count == 0 ? 0 : (double)verified / round.Refinements.Count,
            Kept = verified > 0,
        };
    }

    private static CritiqueRecord Right(ProblemExploration exploration, string id, ExploredSolution solution) =>
        Record(exploration, id, solution) with { Kept = true };

    /// <summary>The solution, uncritiqued: no annotator, no critique.</summary>
    private static CritiqueRecord Record(ProblemExploration exploration, string id, ExploredSolution solution) => new()
    {
        Id = id,
        ProblemId = exploration.Id,
        Question = exploration.Question,
        ReferenceAnswer = exploration.Reference,
        Level = exploration.Level,
        // Actor samples, as RG1's: where the first error is, only a checker knows.
        Method = ConstructionMethod.Rg1Sampling,
        Solution = solution.Text,
        SolutionAnswer = solution.Answer,
        SolutionCorrect = solution.Verified,
        Annotator = "",
        Critique = "",
        FinalVerdict = Verdict.Unknown,
        Kept = false,
    };
}
