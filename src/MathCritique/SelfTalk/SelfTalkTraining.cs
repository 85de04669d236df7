using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MathCritique.Runs;
using MathCritique.Training;

namespace MathCritique.SelfTalk;

/// <summary>The two actors of the comparison: trained on self-talk traces, and on plain chain of thought.</summary>
public enum SelfTalkArm
{
    SelfTalk,
    PlainCot,
}

/// <summary>Progress of <see cref="SelfTalkTraining"/>: which actor is training, and its step.</summary>
public readonly record struct SelfTalkTrainProgress(SelfTalkArm Arm, TrainingProgress Step);

/// <summary>One trained actor, as its <c>training.json</c> records it.</summary>
/// <param name="Model">The trained model (a GGUF path for the in-process trainer).</param>
/// <param name="Tokens">Completion tokens of its training set.</param>
/// <param name="TrainedTokens">Completion tokens the loss is on (less the unscored spans: retracted steps of a masked build).</param>
/// <param name="MaskRetracted">Whether its examples keep spans without loss (a <c>selftalk build --mask-retracted</c>).</param>
/// <param name="Hyperparameters">The settings it was trained with (the plain-CoT run's batch size makes its steps match).</param>
/// <param name="StepLosses">The loss of each step this run trained (after a resume, only the remaining steps).</param>
public sealed record SelfTalkTrainedActor(
    SelfTalkArm Arm, string BaseModel, string From, string Model, int Examples, long Tokens, long TrainedTokens, bool MaskRetracted, long PromptTokens, string Tokenizer,
    FineTuneHyperparameters Hyperparameters, int Steps, int TruncatedExamples, double TokensPerSecond, double Seconds,
    IReadOnlyList<double> StepLosses);

/// <summary>What <see cref="SelfTalkTraining.RunAsync"/> left: both actors, and whether each was trained now or found finished.</summary>
public sealed record SelfTalkTrainResult(SelfTalkTrainedActor SelfTalk, SelfTalkTrainedActor PlainCot, IReadOnlyList<SelfTalkArm> Reused);

/// <summary>
/// <c>selftalk train</c>: two actors from the same base with the same fine-tuner, one on a build's self-talk traces, one
/// on its plain-CoT set — the same problems, trained tokens within 1% (checked again here), the same learning rate,
/// seed and number of optimizer steps — so that the comparison is of the data's format, not of its budget. Each actor
/// gets a directory with its model and <c>training.json</c>; a finished actor (both files there) is not retrained, a
/// stopped one resumes from its checkpoint.
/// </summary>
public static class SelfTalkTraining
{
    public const string TrainingFile = "training.json";

    /// <summary>An actor's directory name under the output directory.</summary>
    public static string DirectoryName(SelfTalkArm arm) => arm == SelfTalkArm.SelfTalk ? SelfTalkBuild.SelfTalkDirectory : SelfTalkBuild.PlainCotDirectory;

    public static async Task<SelfTalkTrainResult> RunAsync(SelfTalkTrainOptions options, IFineTuner fineTuner,
        IProgress<SelfTalkTrainProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fineTuner);
        options.Validate();
        var selfTalk = await ReadSetAsync(options.From, SelfTalkArm.SelfTalk, cancellationToken).ConfigureAwait(false);
        var plainCot = await ReadSetAsync(options.From, SelfTalkArm.PlainCot, cancellationToken).ConfigureAwait(false);
        // The budget is what the loss is on: a masked build's retracted steps do not count.
        long selfTalkTokens = TrainedTokens(selfTalk, options.Tokens), plainTokens = TrainedTokens(plainCot, options.Tokens);
        double ratio = (double)plainTokens / selfTalkTokens;
        if (Math.Abs(ratio - 1) > SelfTalkStats.BudgetTolerance)
            throw new InvalidDataException($"{options.From}: the plain-CoT set has {plainTokens} trained tokens, the self-talk set {selfTalkTokens} " +
                $"(ratio {ratio.ToString("F4", CultureInfo.InvariantCulture)}, not within {SelfTalkStats.BudgetTolerance * 100}%) by the {options.Tokens.Name} tokenizer; build again with the tokenizer of this base model");

        var hyper = options.Hyperparameters;
        int steps = StepsPerEpoch(selfTalk.Count, hyper.BatchSize);
        var plainHyper = hyper with { BatchSize = MatchingBatchSize(plainCot.Count, steps) };
        var reused = new List<SelfTalkArm>();
        var first = await TrainAsync(SelfTalkArm.SelfTalk, selfTalk, hyper, options, fineTuner, reused, progress, cancellationToken).ConfigureAwait(false);
        var second = await TrainAsync(SelfTalkArm.PlainCot, plainCot, plainHyper, options, fineTuner, reused, progress, cancellationToken).ConfigureAwait(false);
        return new SelfTalkTrainResult(first, second, reused);
    }

    /// <summary>Optimizer steps per epoch of <paramref name="examples"/> at one example per sequence.</summary>
    public static int StepsPerEpoch(int examples, int batchSize) => (examples + batchSize - 1) / batchSize;

    /// <summary>
    /// The batch size at which <paramref name="examples"/> make <paramref name="steps"/> optimizer steps per epoch: the
    /// smallest that does, so that the batches are as even as they can be; when none does exactly (more steps than
    /// examples, or a gap in the step counts), the one that comes nearest from below.
    /// </summary>
    public static int MatchingBatchSize(int examples, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(examples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        return Math.Max(1, (examples + steps - 1) / steps);
    }

    private static async Task<SelfTalkTrainedActor> TrainAsync(SelfTalkArm arm, IReadOnlyList<SftExample> examples, FineTuneHyperparameters hyper,
        SelfTalkTrainOptions options, IFineTuner fineTuner, List<SelfTalkArm> reused, IProgress<SelfTalkTrainProgress>? progress, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(options.Directory, DirectoryName(arm));
        var model = Path.Combine(directory, options.ModelFileName);
        var record = Path.Combine(directory, TrainingFile);
        if (File.Exists(record) && Path.Exists(model))
        {
            var done = await ReadRecordAsync(record, cancellationToken).ConfigureAwait(false);
            // A finished actor of other data, base or settings is another experiment: refuse it rather than mix them.
            if (done.BaseModel != options.BaseModel || done.From != options.From || done.Hyperparameters != hyper)
                throw new InvalidOperationException($"{record}: trained from {done.BaseModel} on {done.From} with other settings; use another --out");
            reused.Add(arm);
            return done;
        }
        Directory.CreateDirectory(directory);
        var clock = Stopwatch.StartNew();
        var job = new FineTuneJob
        {
            BaseModel = options.BaseModel,
            Examples = examples,
            Output = model,
            Hyperparameters = hyper,
            Resume = true,
            AdditionalProperties = options.AdditionalProperties,
        };
        var result = await fineTuner.FineTuneAsync(job, progress is null ? null : new ArmProgress(arm, progress), cancellationToken).ConfigureAwait(false);
        var actor = new SelfTalkTrainedActor(arm, options.BaseModel, options.From, result.Output, examples.Count, Tokens(examples, options.Tokens),
            TrainedTokens(examples, options.Tokens), examples.Any(e => e.Unscored.Count > 0), examples.Sum(e => (long)options.Tokens.Count(e.Prompt)), options.Tokens.Name, hyper, result.Steps, result.TruncatedExamples,
            result.TokensPerSecond, clock.Elapsed.TotalSeconds, result.StepLosses);
        // Written last: its presence marks the actor finished.
        await File.WriteAllTextAsync(record, JsonSerializer.Serialize(actor, JsonFormat.Indented), cancellationToken).ConfigureAwait(false);
        return actor;
    }

    private static long Tokens(IReadOnlyList<SftExample> examples, ITokenCounter tokens) => examples.Sum(e => (long)tokens.Count(e.Completion));

    private static long TrainedTokens(IReadOnlyList<SftExample> examples, ITokenCounter tokens) => examples.Sum(tokens.CountTrained);

    private static async Task<IReadOnlyList<SftExample>> ReadSetAsync(string from, SelfTalkArm arm, CancellationToken cancellationToken)
    {
        var files = arm == SelfTalkArm.SelfTalk ? SelfTalkBuild.SelfTalkFiles : SelfTalkBuild.PlainCotFiles;
        var path = Path.Combine(from, DirectoryName(arm), files.SftFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: not found; --from must be a `selftalk build` output directory", path);
        return await SftJsonl.ReadAsync(path, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<SelfTalkTrainedActor> ReadRecordAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return JsonSerializer.Deserialize<SelfTalkTrainedActor>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), JsonFormat.Indented)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: unreadable ({e.Message})", e);
        }
    }

    private sealed class ArmProgress(SelfTalkArm arm, IProgress<SelfTalkTrainProgress> inner) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => inner.Report(new SelfTalkTrainProgress(arm, value));
    }
}
