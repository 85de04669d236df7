using System.Text.Json;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Runs;
using MathCritique.Sampling;

namespace MathCritique.SelfTalk;

/// <summary>Progress of a self-talk evaluation, in problems.</summary>
public readonly record struct SelfTalkEvalProgress(int ProblemsDone, int ProblemsTotal);

/// <summary>What <see cref="SelfTalkEvaluation.RunAsync"/> produced: every problem's record and the summary.</summary>
public sealed record SelfTalkEvalResult(string Directory, IReadOnlyList<SelfTalkEvalRecord> Records, SelfTalkEvalSummary Summary);

/// <summary>What a self-talk eval run is, as its run.json records it: another actor, problem set or sampling is another run.</summary>
public sealed record SelfTalkEvalConfig(string SelfTalk, string PlainCot, string ProblemSource, int Problems, SamplingOptions Sampling, ulong Seed, bool Labeled);

/// <summary>
/// <c>selftalk eval</c>: the self-talk actor and the plain-CoT actor on the same held-out problems, one sample each
/// from the same solve prompt; each output read as self-talk (<see cref="SelfTalkOutputAnalysis"/>) and graded on its
/// final attempt. Records are appended per batch to <c>records.jsonl</c> and a re-run skips the problems recorded
/// (as <c>eval</c>); then <c>summary.json</c>, <c>report.md</c> and the plots.
/// </summary>
public static class SelfTalkEvaluation
{
    public const string RecordsFile = "records.jsonl";
    public const string SummaryFile = "summary.json";
    public const string ReportFile = "report.md";

    public static async Task<SelfTalkEvalResult> RunAsync(IReadOnlyList<Problem> problems, SelfTalkEvalOptions options,
        IProgress<SelfTalkEvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var config = new SelfTalkEvalConfig(options.SelfTalk.Identity, options.PlainCot.Identity, options.ProblemSource, problems.Count,
            options.Sampling, options.Seed, options.Labeler is not null);
        await RunManifest.CheckAsync(options.Directory, config, cancellationToken).ConfigureAwait(false);
        var grader = new MathGrader();
        var done = new Dictionary<string, SelfTalkEvalRecord>(StringComparer.Ordinal);
        await using (var store = await JsonlRecordStore<SelfTalkEvalRecord>.OpenAsync(Path.Combine(options.Directory, RecordsFile), cancellationToken).ConfigureAwait(false))
        {
            foreach (var record in store.Existing)
                done[record.Id] = record;
            var todo = problems.Where(p => !done.ContainsKey(p.Id)).ToArray();
            progress?.Report(new SelfTalkEvalProgress(done.Count, problems.Count));
            foreach (var batch in todo.Chunk(options.BatchSize))
            {
                var selfTalk = await SampleAsync(options.SelfTalk.Sampler, batch, options, cancellationToken).ConfigureAwait(false);
                var plain = await SampleAsync(options.PlainCot.Sampler, batch, options, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < batch.Length; i++)
                {
                    var problem = batch[i];
                    var record = new SelfTalkEvalRecord(problem.Id, problem.Level, problem.ReferenceAnswer,
                        Output(problem, selfTalk[i], grader, options), Output(problem, plain[i], grader, options));
                    await store.AppendAsync(record, cancellationToken).ConfigureAwait(false);
                    done[record.Id] = record;
                }
                progress?.Report(new SelfTalkEvalProgress(done.Count, problems.Count));
            }
        }

        var records = problems.Select(p => done[p.Id]).ToArray();
        var summary = SelfTalkEvalSummary.Build(records);
        var plots = options.Plots?.Invoke(summary, options.Directory) ?? [];
        await File.WriteAllTextAsync(Path.Combine(options.Directory, SummaryFile), JsonSerializer.Serialize(summary, JsonFormat.Indented), cancellationToken).ConfigureAwait(false);
        var note = $"{problems.Count} problems from {options.ProblemSource}; one sample per actor at T = {options.Sampling.Temperature}, at most {options.Sampling.MaxTokens} tokens; seed {options.Seed}. " +
            $"Self-talk: {options.SelfTalk.Identity}. Plain CoT: {options.PlainCot.Identity}.";
        await File.WriteAllTextAsync(Path.Combine(options.Directory, ReportFile), summary.ToMarkdown(options.Title, note, plots), cancellationToken).ConfigureAwait(false);
        return new SelfTalkEvalResult(options.Directory, records, summary);
    }

    private static async Task<IReadOnlyList<Completion>> SampleAsync(ISampler sampler, IReadOnlyList<Problem> problems, SelfTalkEvalOptions options, CancellationToken cancellationToken)
    {
        var requests = problems.Select(p => SamplingRequest.FromUser(options.Prompts.BuildSolve(p.Question), 1, options.Sampling, StableHash.Fnv1a(p.Id, options.Seed))).ToArray();
        var results = await sampler.SampleAsync(requests, null, cancellationToken).ConfigureAwait(false);
        return results.Select(r => r.Completions[0]).ToArray();
    }

    private static SelfTalkActorOutput Output(Problem problem, Completion completion, MathGrader grader, SelfTalkEvalOptions options) =>
        new(completion.Text, completion.GeneratedTokens, completion.FinishReason, SelfTalkOutputAnalysis.Analyze(problem, completion.Text, grader, options.Labeler));
}
