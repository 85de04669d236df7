using MathCritique.Critiques;
using MathCritique.Prompts;
using MathCritique.Solutions;
using MathCritique.Training;

namespace MathCritique.Lab;

/// <summary>One supervised example (what a trainer reads) with the kind of drill and the lab level it came from.</summary>
public sealed record LabExample(SftExample Example, string Kind, int Level)
{
    public LabExample(string prompt, string completion, string kind, int level)
        : this(new SftExample(prompt, completion), kind, level)
    {
    }

    public string Prompt => Example.Prompt;
    public string Completion => Example.Completion;
}

/// <summary>How many training examples of each kind to make per level.</summary>
public sealed record LabTrainingMix
{
    /// <summary>Solve: question → reference solution.</summary>
    public int SolvePerLevel { get; init; } = 4000;
    /// <summary>Refine a flawed solution with the exact critique → the reference solution.</summary>
    public int FixPerLevel { get; init; } = 1200;
    /// <summary>Refine a right solution with a "Correct" critique → the same solution (so refining doesn't break it).</summary>
    public int KeepPerLevel { get; init; } = 300;
    /// <summary>Critique a solution (right or flawed) → the exact critique (for the critic).</summary>
    public int CritiquePerLevel { get; init; }
    /// <summary>
    /// Arithmetic drill: "Compute: 27 + 8" → "27 + 8 = 35.", computations drawn from the level's solutions. Short,
    /// so dozens pack into one window: the cheapest way to teach the tiny models the sums their steps need.
    /// </summary>
    public int ArithmeticPerLevel { get; init; }
    /// <summary>
    /// Step-check drill: a solution cut after step k (k at most its first wrong step) → the critique's block for
    /// step k. The critic's counterpart of the arithmetic drill: one judgement per ~200 tokens instead of per ~400,
    /// in the same words and with the same earlier steps to check against as in a whole critique.
    /// </summary>
    public int CheckPerLevel { get; init; }
    /// <summary>
    /// Lookup drill: the step-check drill with balanced mistakes — a reference solution cut after a computation step
    /// that, half the time, uses a near-miss number that is neither given nor computed (a quarter: a slip; a quarter:
    /// right). Operands not at hand are ~15% of the plain drill's marks, few enough that a small critic scores well by
    /// always writing "given"; here it cannot. Best with check lines (<see cref="LabOracleOptions.WriteChecks"/>).
    /// </summary>
    public int LookupPerLevel { get; init; }
    /// <summary>
    /// Answer drill: a right solution cut after its answer line, which half the time states another number than the
    /// last result (a digit swap, a near miss, an earlier result or a given — the slips the lab actor makes). The
    /// other drills almost never show a wrong answer line, and a critic trained on them copied the stated answer as
    /// "the last result" (README, "Lab models": the drill helped its verdicts, not yet that copy).
    /// </summary>
    public int AnswerPerLevel { get; init; }
    /// <summary>
    /// Reuse drill: a reference solution cut after a computation step whose operand is, half the time, replaced by a
    /// number used already (<see cref="LabCorruptor.ReusedNumber"/>: <c>7 + 7</c> for "has 7, buys 2 more", the lab
    /// actor's commonest level-1 mistake, which critics trained on the other drills passed) → that step's block.
    /// </summary>
    public int ReusePerLevel { get; init; }
    /// <summary>Of the critique examples, the share on right solutions.</summary>
    public double CritiqueCorrectShare { get; init; } = 0.4;
    public IReadOnlyList<int> Levels { get; init; } = [1, 2, 3, 4, 5];

    public void Validate()
    {
        if (SolvePerLevel < 0 || FixPerLevel < 0 || KeepPerLevel < 0 || CritiquePerLevel < 0 || ArithmeticPerLevel < 0 || CheckPerLevel < 0 || LookupPerLevel < 0 || AnswerPerLevel < 0 || ReusePerLevel < 0)
            throw new ArgumentOutOfRangeException(nameof(SolvePerLevel), "example counts must be >= 0");
        if (CritiqueCorrectShare is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(CritiqueCorrectShare), CritiqueCorrectShare, "must be in [0, 1]");
        if (Levels.Count == 0 || Levels.Any(l => l is < LabProblemGenerator.MinLevel or > LabProblemGenerator.MaxLevel))
            throw new ArgumentException("Levels must be within 1–5.", nameof(Levels));
    }
}

/// <summary>
/// The lab models' training data, all from the train split with exact labels: the actor learns to solve and to
/// refine given an exact critique; the critic learns to write the exact critique. Deterministic for a seed.
/// </summary>
public sealed class LabTrainingData(PromptSet prompts, int seed, LabOracleOptions? oracle = null)
{
    private readonly LabOracleAnnotator _oracle = new(oracle);
    private readonly LabFlawedSolutions _flawed = new(new LabCorruptor());
    private readonly LabCorruptor _corruptor = new();
    private readonly LabStepChecker _checker = new();

    public IReadOnlyList<LabExample> Build(LabTrainingMix mix)
    {
        ArgumentNullException.ThrowIfNull(mix);
        mix.Validate();
        var generator = new LabProblemGenerator(seed);
        var random = new Random(seed);
        var examples = new List<LabExample>();
        foreach (int level in mix.Levels)
        {
            int total = mix.SolvePerLevel + mix.FixPerLevel + mix.KeepPerLevel + mix.CritiquePerLevel;
            var problems = generator.Generate(level, LabSplit.Train, total).ToArray();
            int at = 0;
            foreach (var p in problems.Skip(at).Take(mix.SolvePerLevel))
                examples.Add(new(prompts.BuildSolve(p.Question), p.ReferenceSolution, "solve", level));
            at += mix.SolvePerLevel;
            foreach (var p in problems.Skip(at).Take(mix.FixPerLevel))
            {
                if (Flawed(p, random, requireWrongAnswer: true) is { } bad)
                    examples.Add(new(prompts.BuildRefine(p.Question, bad, Critique(p, bad)), p.ReferenceSolution, "refine-fix", level));
            }
            at += mix.FixPerLevel;
            foreach (var p in problems.Skip(at).Take(mix.KeepPerLevel))
                examples.Add(new(prompts.BuildRefine(p.Question, p.ReferenceSolution, Critique(p, p.ReferenceSolution)), p.ReferenceSolution, "refine-keep", level));
            at += mix.KeepPerLevel;
            foreach (var p in problems.Skip(at).Take(mix.CritiquePerLevel))
            {
                var solution = random.NextDouble() < mix.CritiqueCorrectShare ? p.ReferenceSolution : Flawed(p, random) ?? p.ReferenceSolution;
                examples.Add(new(prompts.BuildCritique(p.Question, solution), Critique(p, solution), "critique", level));
            }
            examples.AddRange(Arithmetic(generator, level, start: total, mix.ArithmeticPerLevel));
            examples.AddRange(StepChecks(generator, level, start: total + mix.ArithmeticPerLevel, mix.CheckPerLevel, mix.CritiqueCorrectShare, random));
            examples.AddRange(Drill(generator, level, start: total + mix.ArithmeticPerLevel + mix.CheckPerLevel, mix.LookupPerLevel, p => LookupCheck(p, random)));
            examples.AddRange(Drill(generator, level, start: total + mix.ArithmeticPerLevel + mix.CheckPerLevel + mix.LookupPerLevel, mix.AnswerPerLevel, p => AnswerCheck(p, random)));
            examples.AddRange(Drill(generator, level, start: total + mix.ArithmeticPerLevel + mix.CheckPerLevel + mix.LookupPerLevel + mix.AnswerPerLevel, mix.ReusePerLevel, p => ReuseCheck(p, random)));
        }
        // Shuffle so that every mini-batch mixes kinds and levels.
        var shuffled = examples.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }

    /// <summary>Drill examples from the steps of further train-split problems of the level.</summary>
    private static IEnumerable<LabExample> Arithmetic(LabProblemGenerator generator, int level, int start, int count)
    {
        int made = 0;
        for (int index = start; made < count; index++)
        {
            foreach (var step in generator.Create(level, LabSplit.Train, index).Steps)
            {
                if (made++ == count)
                    yield break;
                yield return new($"Compute: {step.Expression}", $"{step.Computation}.", "arithmetic", level);
            }
        }
    }

    // With check lines the drill teaches the lookup: a plan error (no bad mark on the line) needs the question, which the drill leaves out.
    private IEnumerable<LabExample> StepChecks(LabProblemGenerator generator, int level, int start, int count, double correctShare, Random random) =>
        Drill(generator, level, start, count, p => StepCheck(p, random, correctShare) is { } e && !(WritesChecks && IsUnmarkedError(e.Completion)) ? e : null);

    /// <summary>One drill example (or none) from each of the further train-split problems <paramref name="start"/>… of the level.</summary>
    private static IEnumerable<LabExample> Drill(LabProblemGenerator generator, int level, int start, int count, Func<LabProblem, LabExample?> make)
    {
        for (int index = start; index < start + count; index++)
        {
            if (make(generator.Create(level, LabSplit.Train, index)) is { } example)
                yield return example;
        }
    }

    /// <summary>
    /// A step-check example: a right or flawed solution to <paramref name="problem"/> cut after a judged step, half
    /// the time its first wrong one (the step a critic most needs to catch) → that step's block of the exact critique.
    /// </summary>
    public LabExample? StepCheck(LabProblem problem, Random random, double correctShare = 0.4)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(random);
        var solution = random.NextDouble() < correctShare ? problem.ReferenceSolution : Flawed(problem, random) ?? problem.ReferenceSolution;
        var check = _checker.Check(problem, solution);
        var critique = _oracle.Critique(check);
        // The oracle stops after the first error: every judged step is right except, maybe, the last.
        var judged = critique.Steps;
        if (judged.Count == 0)
            return null;
        var step = judged[^1].Verdict == Verdict.Wrong && random.NextDouble() < 0.5 ? judged[^1] : judged[random.Next(judged.Count)];
        var prefix = check.Steps.Where(s => s.Index <= step.Index).Select(s => s.Text);
        return new(LabPrompts.CheckStep(problem.Question, prefix), CritiqueFormatter.FormatStep(step), "check", problem.Level);
    }

    private bool WritesChecks => oracle?.WriteChecks == true;

    private static bool IsUnmarkedError(string stepBlock) =>
        CritiqueParser.Parse(stepBlock).Critique.Steps is [{ Verdict: Verdict.Wrong } step] && !LabCheckLines.HasBadMark(step.Check);

    /// <summary>
    /// A lookup-drill example: the reference solution cut after a computation step k that is kept (1 in 4), slipped
    /// (1 in 4) or given an operand that is not at hand (1 in 2: off by a little, or miscopied from the number meant —
    /// the digit slips a critic trained on the first alone passed as the number they were copied from) → step k's
    /// block of the exact critique.
    /// </summary>
    public LabExample? LookupCheck(LabProblem problem, Random random)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(random);
        int k = random.Next(1, problem.Steps.Count + 1);
        double roll = random.NextDouble();
        ulong seed = (ulong)random.NextInt64();
        var solution = roll < 0.25 ? problem.ReferenceSolution
            : _flawed.Create(problem, k, roll < 0.5 ? LabCorruptor.CalculationError : roll < 0.75 ? LabCorruptor.WrongQuantity : LabCorruptor.MiscopiedNumber, seed);
        return CutAfter(problem, roll >= 0.5 ? MaybeSlipped(problem, solution, k, random) : solution, k, "lookup");
    }

    // A third of the wrong operands also get a wrong result: the actor's "180 + 15 = 165" for 108 + 15. With the
    // comparison tool writing "not" after such a line's "new", a critic that had seen one error per step at a time
    // wrote no verdict (12 of 600 critic-eval solutions).
    private string? MaybeSlipped(LabProblem problem, string? solution, int k, Random random)
    {
        if (solution is null || random.NextDouble() >= 1.0 / 3)
            return solution;
        var steps = StepSegmenter.Split(solution).Select(s => s.Text).ToArray();
        if (_corruptor.Insert(problem, steps, k, LabCorruptor.CalculationError, (ulong)random.NextInt64()) is not { } slipped)
            return solution;
        steps[k - 1] = slipped;
        return string.Join('\n', steps);
    }

    /// <summary>A reuse-drill example (<see cref="LabTrainingMix.ReusePerLevel"/>): step k kept or given an operand used already → step k's block.</summary>
    public LabExample? ReuseCheck(LabProblem problem, Random random)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(random);
        int k = random.Next(1, problem.Steps.Count + 1);
        bool keep = random.NextDouble() < 0.5;
        ulong seed = (ulong)random.NextInt64();
        return CutAfter(problem, keep ? problem.ReferenceSolution : MaybeSlipped(problem, _flawed.Create(problem, k, LabCorruptor.ReusedNumber, seed), k, random), k, "reuse");
    }

    // The check prompt of a solution cut after step k → step k's block of the exact critique (none when the oracle stops before k).
    private LabExample? CutAfter(LabProblem problem, string? solution, int k, string kind)
    {
        if (solution is null)
            return null;
        var check = _checker.Check(problem, solution);
        var judged = _oracle.Critique(check).Steps;
        if (judged.Count < k)
            return null;
        return new(LabPrompts.CheckStep(problem.Question, check.Steps.Take(k).Select(s => s.Text)), CritiqueFormatter.FormatStep(judged[k - 1]), kind, problem.Level);
    }

    /// <summary>
    /// An answer-drill example: the reference solution with its answer line kept (half the time) or made to state
    /// another number → the answer line's block of the exact critique.
    /// </summary>
    public LabExample AnswerCheck(LabProblem problem, Random random)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(random);
        var sentences = problem.Steps.Select(s => s.Sentence).ToList();
        decimal answer = random.NextDouble() < 0.5 ? problem.Answer : OtherAnswer(problem, random);
        sentences.Add(LabProblem.AnswerLine(answer));
        var check = _checker.Check(problem, string.Join('\n', sentences));
        var judged = _oracle.Critique(check).Steps;
        return new(LabPrompts.CheckStep(problem.Question, sentences), CritiqueFormatter.FormatStep(judged[^1]), "answer", problem.Level);
    }

    // A positive number other than the last result, like the lab actor's slips: its digits swapped, off by a little,
    // or another number of the problem.
    private static decimal OtherAnswer(LabProblem problem, Random random)
    {
        decimal last = problem.Answer;
        var candidates = new List<decimal>();
        string digits = LabOperators.Format(last);
        if (digits.Length > 1 && !digits.Contains('.'))
        {
            var swapped = digits.ToCharArray();
            int i = random.Next(digits.Length - 1);
            (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
            candidates.Add(decimal.Parse(new string(swapped), System.Globalization.CultureInfo.InvariantCulture));
            candidates.Add(decimal.Parse(new string(digits.Reverse().ToArray()), System.Globalization.CultureInfo.InvariantCulture));
        }
        candidates.Add(last + random.Next(1, 10));
        candidates.Add(last - random.Next(1, 10));
        candidates.Add(last + 10 * random.Next(1, 4));
        candidates.AddRange(problem.Steps.Select(s => (decimal)s.Result));
        candidates.AddRange(problem.Givens.Select(g => (decimal)g));
        var others = candidates.Where(c => c > 0 && c != last).Distinct().ToArray();
        return others.Length == 0 ? last + 1 : others[random.Next(others.Length)];
    }

    /// <summary>The exact critique of a solution, in the paper's format.</summary>
    public string Critique(LabProblem problem, string solution) => CritiqueFormatter.Format(_oracle.Critique(problem, solution));

    /// <summary>A self-consistent flawed solution with a random mistake at a random step (optionally one whose answer is wrong).</summary>
    public string? Flawed(LabProblem problem, Random random, bool requireWrongAnswer = false)
    {
        for (int attempt = 0; attempt < 8; attempt++)
        {
            int step = random.Next(1, problem.Steps.Count + 1);
            var type = _corruptor.MistakeTypes[random.Next(_corruptor.MistakeTypes.Count)];
            if (_flawed.Create(problem, step, type, (ulong)random.NextInt64()) is { } text
                && !(requireWrongAnswer && _checker.Check(problem, text).FinalAnswerCorrect))
                return text;
        }
        return null;
    }
}
