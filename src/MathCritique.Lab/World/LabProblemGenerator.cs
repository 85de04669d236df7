namespace MathCritique.Lab;

/// <summary>
/// Generates multi-step arithmetic word problems with exact plans. Deterministic: problem <c>n</c> of a
/// (level, split) depends only on the seed, the level, the split and <c>n</c>. Results stay non-negative
/// integers and division is always exact.
/// </summary>
public sealed class LabProblemGenerator(int seed)
{
    public const int MinLevel = 1;
    public const int MaxLevel = 5;

    /// <summary>Longest question and solution kept; the lab models have a ~1024-token byte-level context.</summary>
    public const int MaxQuestionChars = 220;
    public const int MaxSolutionChars = 250;

    private enum EventKind { AddMore, Remove, AddGroups, RemoveGroups, Multiply, Divide }

    private static readonly EventKind[] Kinds = Enum.GetValues<EventKind>();

    public int Seed => seed;

    /// <summary><paramref name="count"/> problems numbered from <paramref name="start"/>.</summary>
    public IEnumerable<LabProblem> Generate(int level, LabSplit split, int count, int start = 0)
    {
        ValidateLevel(level);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        for (int i = start; i < start + count; i++)
            yield return Create(level, split, i);
    }

    /// <summary>Problem number <paramref name="index"/> of this level and split.</summary>
    public LabProblem Create(int level, LabSplit split, int index)
    {
        ValidateLevel(level);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var random = new Random(MixSeed(level, split, index));
        // Rejection sampling: about one draft in ten is in the dev split, one in ten in test; long drafts are dropped.
        for (int attempt = 0; attempt < 100_000; attempt++)
        {
            var draft = Draft(level, random);
            if (draft.Question.Length > MaxQuestionChars || draft.ReferenceSolution.Length > MaxSolutionChars || !AllDistinct(draft))
                continue;
            if (LabSplits.Of(draft.CanonicalKey) != split)
                continue;
            return draft with { Id = $"lab-L{level}-{split.Name()}-{index}", Split = split };
        }
        throw new InvalidOperationException($"no level-{level} {split.Name()} problem found for index {index}");
    }

    /// <summary>
    /// Every stated number and every intermediate differ, so a number in a solution names exactly one quantity
    /// (otherwise "3 * 3" after "17 - 14 = 3" could be the given 3 or the computed one, and the checker could not tell).
    /// </summary>
    private static bool AllDistinct(LabProblem draft)
    {
        var seen = new HashSet<long>();
        return draft.Givens.All(seen.Add) && draft.Steps.All(s => seen.Add(s.Result));
    }

    private static void ValidateLevel(int level)
    {
        if (level is < MinLevel or > MaxLevel)
            throw new ArgumentOutOfRangeException(nameof(level), level, $"level must be {MinLevel}..{MaxLevel}");
    }

    private int MixSeed(int level, LabSplit split, int index)
    {
        ulong z = ((ulong)(uint)seed << 32) ^ ((ulong)level << 24) ^ (DrawStream(split) << 20) ^ (ulong)(uint)index;
        return (int)(SplitMix64.Mix(z) & 0x7FFFFFFF);
    }

    /// <summary>
    /// Which stream of drafts a split's problems are drawn from. Train keeps stream 0, so the shipped models'
    /// training data is what it was. Dev takes stream 1, the old test split's, which development ran on: dev
    /// problem n is the old test problem n whenever that one hashes into dev. Test gets a fresh stream, so its
    /// problems are not the ones development looked at (docs/lab-splits.md).
    /// </summary>
    private static ulong DrawStream(LabSplit split) => split switch
    {
        LabSplit.Train => 0,
        LabSplit.Dev => 1,
        _ => 2,
    };

    private sealed record Ranges(int StartMax, int OperandMax, int GroupsMax, long Cap);

    private static Ranges RangesFor(int level) => level switch
    {
        1 => new(30, 12, 4, 200),
        2 => new(45, 15, 5, 300),
        3 => new(60, 20, 6, 500),
        4 => new(90, 25, 7, 800),
        _ => new(120, 30, 8, 999),
    };

    private static LabProblem Draft(int level, Random random)
    {
        var ranges = RangesFor(level);
        int targetSteps = level < MaxLevel ? level : MaxLevel + random.Next(2);
        var who = LabStories.Characters[random.Next(LabStories.Characters.Count)];
        var friends = LabStories.Characters.Where(c => c != who).ToArray();
        var item = LabStories.Items[random.Next(LabStories.Items.Count)];
        var builder = new PlanBuilder(who, item);

        long start = random.Next(5, ranges.StartMax + 1);
        builder.Givens.Add(start);
        var question = new List<string> { $"{who.Name} has {start} {item.Plural}." };
        var current = new LabOperand(start);

        while (builder.Steps.Count < targetSteps)
        {
            int remaining = targetSteps - builder.Steps.Count;
            string? sentence = null;
            for (int attempt = 0; attempt < 30 && sentence is null; attempt++)
            {
                var kind = Kinds[random.Next(Kinds.Length)];
                if (kind is EventKind.AddGroups or EventKind.RemoveGroups && remaining < 2)
                    continue;
                sentence = TryEvent(kind, builder, ref current, ranges, random, friends);
            }
            // Adding a little is always possible once nothing else is (the cap leaves room).
            sentence ??= TryEvent(EventKind.AddMore, builder, ref current, ranges with { Cap = long.MaxValue }, random, friends)!;
            question.Add(sentence);
        }
        question.Add($"How many {item.Plural} does {who.Name} have now?");
        return new LabProblem("", LabSplit.Train, level, string.Join(' ', question), builder.Givens.ToArray(), builder.Steps.ToArray());
    }

    private static string? TryEvent(EventKind kind, PlanBuilder plan, ref LabOperand current, Ranges ranges, Random random, IReadOnlyList<LabStories.Character> friends)
    {
        long c = current.Value;
        var who = plan.Who;
        string Pick(IReadOnlyList<string> templates, long b = 0, long n = 0, long m = 0, long k = 0) =>
            templates[random.Next(templates.Count)]
                .Replace("{P}", who.Pronoun).Replace("{H}", who.Possessive).Replace("{p}", LabStories.ObjectPronoun(who))
                .Replace("{F}", friends[random.Next(friends.Count)].Name).Replace("{C}", plan.Item.Container)
                .Replace("{b}", b.ToString()).Replace("{n}", n.ToString()).Replace("{m}", m.ToString()).Replace("{k}", k.ToString());
        switch (kind)
        {
            case EventKind.AddMore:
                {
                    long b = random.Next(2, ranges.OperandMax + 1);
                    if (c + b > ranges.Cap)
                        return null;
                    current = plan.Add(current, LabOperator.Add, b, $"{who.Pronoun} has {{0}} {plan.Item.Plural}.");
                    return Pick(LabStories.AddMore, b: b);
                }
            case EventKind.Remove:
                {
                    if (c < 3)
                        return null;
                    long b = random.Next(1, (int)Math.Min(ranges.OperandMax, c - 1) + 1);
                    current = plan.Add(current, LabOperator.Subtract, b, $"{who.Pronoun} has {{0}} {plan.Item.Plural} left.");
                    return Pick(LabStories.Remove, b: b);
                }
            case EventKind.AddGroups:
                {
                    long n = random.Next(2, ranges.GroupsMax + 1), m = random.Next(2, ranges.OperandMax + 1);
                    if (c + (n * m) > ranges.Cap)
                        return null;
                    var groups = plan.AddProduct(n, m, $"{who.Pronoun} gets {{0}} {plan.Item.Plural}.");
                    current = plan.Add(current, LabOperator.Add, groups, $"{who.Pronoun} has {{0}} {plan.Item.Plural}.");
                    return Pick(LabStories.AddGroups, n: n, m: m);
                }
            case EventKind.RemoveGroups:
                {
                    long n = random.Next(2, ranges.GroupsMax + 1), m = random.Next(2, ranges.OperandMax + 1);
                    if (n * m >= c)
                        return null;
                    var groups = plan.AddProduct(n, m, $"{who.Pronoun} gives away {{0}} {plan.Item.Plural}.");
                    current = plan.Add(current, LabOperator.Subtract, groups, $"{who.Pronoun} has {{0}} {plan.Item.Plural} left.");
                    return Pick(LabStories.RemoveGroups, n: n, m: m);
                }
            case EventKind.Multiply:
                {
                    long k = random.Next(2, 5);
                    if (c < 2 || c * k > ranges.Cap)
                        return null;
                    current = plan.Add(current, LabOperator.Multiply, k, $"{who.Pronoun} has {{0}} {plan.Item.Plural}.");
                    return Pick(LabStories.Multiply, k: k);
                }
            default:
                {
                    var divisors = Enumerable.Range(2, 8).Where(k => c % k == 0 && c / k >= 2).ToArray();
                    if (divisors.Length == 0)
                        return null;
                    long k = divisors[random.Next(divisors.Length)];
                    current = plan.Add(current, LabOperator.Divide, k, $"{who.Pronoun} keeps {{0}} {plan.Item.Plural}.");
                    return Pick(LabStories.Divide, k: k);
                }
        }
    }

    /// <summary>Collects givens and steps while a draft is told.</summary>
    private sealed class PlanBuilder(LabStories.Character who, LabStories.Item item)
    {
        public LabStories.Character Who => who;
        public LabStories.Item Item => item;
        public List<long> Givens { get; } = [];
        public List<LabStep> Steps { get; } = [];

        /// <summary><c>left op given</c>; <paramref name="sentence"/> has <c>{0}</c> where the computation goes.</summary>
        public LabOperand Add(LabOperand left, LabOperator op, long given, string sentence)
        {
            Givens.Add(given);
            return Add(left, op, new LabOperand(given), sentence);
        }

        public LabOperand Add(LabOperand left, LabOperator op, LabOperand right, string sentence)
        {
            long result = (long)op.Apply(left.Value, right.Value)!.Value;
            var step = new LabStep(left, op, right, result, "");
            Steps.Add(step with { Sentence = string.Format(System.Globalization.CultureInfo.InvariantCulture, sentence, step.Computation) });
            return new LabOperand(result, Steps.Count);
        }

        public LabOperand AddProduct(long n, long m, string sentence)
        {
            Givens.Add(n);
            Givens.Add(m);
            return Add(new LabOperand(n), LabOperator.Multiply, new LabOperand(m), sentence);
        }
    }
}
