using System.Globalization;
using System.Text;
using MathCritique.Reports;

namespace MathCritique.SelfTalk;

/// <summary>The two training sets' token counts: the self-talk traces and the plain-CoT solutions filled to the same budget.</summary>
/// <param name="Tokens">Completion tokens, by <see cref="SelfTalkStats.Tokenizer"/>.</param>
/// <param name="TrainedTokens">Completion tokens the loss is on: all of them, less the unscored spans' (retracted steps with <c>--mask-retracted</c>).</param>
/// <param name="PromptTokens">Prompt tokens (context, no loss), reported beside.</param>
public sealed record TrainingSetSize(int Examples, long Tokens, long TrainedTokens, long PromptTokens, long Characters);

/// <summary>Records read from one source: critiqued solutions (trace candidates), and right solutions no critic judged (corrections and plain CoT only).</summary>
public sealed record SourceRecords(int Critiqued, int RightSolutions);

/// <summary>What <c>selftalk build</c> made: traces, flags and checks per trace, lengths, drops by reason, and the budget of both sets.</summary>
public sealed record SelfTalkStats(
    int Records,
    int Problems,
    int Traces,
    IReadOnlyDictionary<string, int> TracesByWrongAttempts,
    IReadOnlyDictionary<string, int> TracesByLevel,
    double FlagsPerTrace,
    double ConfirmationsPerTrace,
    IReadOnlyDictionary<string, int> DroppedByReason,
    string Tokenizer,
    TrainingSetSize SelfTalk,
    TrainingSetSize PlainCot)
{
    /// <summary>The most the plain-CoT set's trained tokens may differ from the self-talk set's, as a fraction.</summary>
    public const double BudgetTolerance = 0.01;

    /// <summary>Whether the self-talk examples' retracted steps are context without loss (<c>--mask-retracted</c>).</summary>
    public bool MaskRetracted { get; init; }

    /// <summary>What <c>--from</c> was: <see cref="CollectLayout"/> or <see cref="ImproveLayout"/>.</summary>
    public string Layout { get; init; } = CollectLayout;

    /// <summary>Records read per source: <c>critiques.jsonl</c>, or each <c>{arm}/iteration-{i}</c> of an improve run.</summary>
    public IReadOnlyDictionary<string, SourceRecords> RecordsBySource { get; init; } = new Dictionary<string, SourceRecords>();

    public const string CollectLayout = "collect";
    public const string ImproveLayout = "improve";

    /// <summary>Plain-CoT trained tokens over self-talk trained tokens.</summary>
    public double BudgetRatio => SelfTalk.TrainedTokens == 0 ? double.NaN : (double)PlainCot.TrainedTokens / SelfTalk.TrainedTokens;

    /// <summary>Whether the two sets' trained token counts are within <see cref="BudgetTolerance"/>.</summary>
    public bool WithinBudget => Math.Abs(BudgetRatio - 1) <= BudgetTolerance;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Self-talk traces\n\n{Traces} traces from {Records} {(Layout == ImproveLayout ? "exploration" : "critique")} records on {Problems} problems; ")
            .Append(CultureInfo.InvariantCulture, $"{FlagsPerTrace:F2} flags and {ConfirmationsPerTrace:F2} confirmations per trace.\n\n");
        text.Append(Layout == ImproveLayout
            ? "Read from an improve run directory: each critiqued solution with its critique, and the verified first attempts and refinements as right solutions (corrections and plain CoT; no critique, so no trace of their own).\n\n"
            : "Read from a collect output directory (critiques.jsonl).\n\n");
        var sources = new MarkdownTable("source", "critiqued", "right solutions");
        foreach (var (source, count) in RecordsBySource)
            sources.Add(source, count.Critiqued, count.RightSolutions);
        text.Append("## Records by source\n\n").Append(sources).Append('\n');
        Table(text, "By wrong attempts before the right one", TracesByWrongAttempts);
        Table(text, "By level", TracesByLevel);
        Table(text, "Dropped, by reason", DroppedByReason);
        var sizes = new MarkdownTable("set", "examples", "completion tokens", "trained tokens", "tokens per example", "prompt tokens", "characters");
        foreach (var (name, size) in new[] { ("self-talk", SelfTalk), ("plain CoT", PlainCot) })
            sizes.Add(name, size.Examples, size.Tokens, size.TrainedTokens, size.Examples == 0 ? "–" : ((double)size.Tokens / size.Examples).ToString("F1", CultureInfo.InvariantCulture), size.PromptTokens, size.Characters);
        text.Append("## Training sets\n\n").Append(sizes).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"Tokens are counted with the {Tokenizer} tokenizer; trained tokens are the completion tokens the loss is on. ")
            .Append(CultureInfo.InvariantCulture, $"Plain CoT / self-talk trained tokens = {BudgetRatio:F4} ({(WithinBudget ? "within" : "NOT within")} {BudgetTolerance:P0}).\n");
        if (MaskRetracted)
            text.Append("\nRetracted steps are masked (`--mask-retracted`): the self-talk examples keep them as context without loss in `selftalk_sft.jsonl` ")
                .Append("(`\"unscored\"` spans, what `mathcritique train` and `selftalk train` read). The ShareGPT, Alpaca and OpenAI exports cannot express ")
                .Append("that: LLaMA-Factory and other trainers of those files train on the retracted steps too.\n");
        return text.ToString();
    }

    private static void Table(StringBuilder text, string title, IReadOnlyDictionary<string, int> rows)
    {
        var table = new MarkdownTable("", "count");
        foreach (var (key, value) in rows)
            table.Add(key, value);
        text.Append("## ").Append(title).Append("\n\n").Append(table).Append('\n');
    }
}
