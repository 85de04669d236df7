using System.Text.Json;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;
using MathCritique.SelfTalk;
using MathCritique.Training;

namespace MathCritique.LlamaCpp.Tests.SelfTalk;

/// <summary><c>selftalk train</c>'s core on the real in-process trainer and a tiny model: two actors, one budget, one step count.</summary>
public sealed class SelfTalkTrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-selftalk-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly LlamaConfig Tiny = new() { EmbeddingLength = 32, BlockCount = 1, FeedForwardLength = 64, HeadCount = 2, HeadCountKv = 2, ContextLength = 256 };

    /// <summary>
    /// A build directory as <c>selftalk build</c> writes one: six traces (one flag each) and right solutions of the same
    /// problems, filled to the traces' trained tokens by <see cref="EqualTokenBudget"/>; masked, the traces keep their
    /// retracted steps without loss (<c>--mask-retracted</c>).
    /// </summary>
    public static async Task<string> WriteBuildAsync(string directory, bool maskRetracted = false)
    {
        var counter = new Utf8ByteTokenCounter();
        var selfTalk = new List<SftExample>();
        var plain = new List<IReadOnlyList<SftExample>>();
        for (int i = 1; i <= 6; i++)
        {
            string prompt = $"Ann has {i} apples and buys {i + 2} more. How many?";
            string right = $"She has {i} + {i + 2} = {2 * i + 2} apples.\nThe answer is {2 * i + 2}.";
            string trace = string.Join('\n',
                $"She has {i} + {i + 2} = {2 * i + 3} apples.",
                SelfTalkFormat.CheckLine(1, $"{i} + {i + 2} is {2 * i + 2}, not {2 * i + 3}.", right: false),
                SelfTalkFormat.CorrectionLine(1),
                right);
            selfTalk.Add(new SftExample(prompt, trace) { Unscored = maskRetracted ? RetractedSteps.Spans(trace) : [] });
            plain.Add([new SftExample(prompt, right), new SftExample(prompt, $"{i} + {i + 2} = {2 * i + 2}.\nThe answer is {2 * i + 2}."), new SftExample(prompt, $"The answer is {2 * i + 2}."),
                // A bare answer: a candidate small enough that the fill can land within 1% of either budget.
                new SftExample(prompt, $"{2 * i + 2}")]);
        }
        var plainSet = EqualTokenBudget.Fill(plain, selfTalk.Sum(counter.CountTrained), counter.CountTrained);
        await SelfTalkBuild.SelfTalkFiles.ExportAsync(selfTalk, Path.Combine(directory, SelfTalkBuild.SelfTalkDirectory));
        await SelfTalkBuild.PlainCotFiles.ExportAsync(plainSet, Path.Combine(directory, SelfTalkBuild.PlainCotDirectory));
        return directory;
    }

    private string BaseModel()
    {
        var path = Path.Combine(_dir, "base.gguf");
        LlamaModelFile.CreateRandom(Tiny, 5).Save(path);
        return path;
    }

    private SelfTalkTrainOptions Options(string from) => new()
    {
        From = from,
        BaseModel = BaseModel(),
        Directory = Path.Combine(_dir, "out"),
        Hyperparameters = new() { BatchSize = 3, LearningRate = 3e-3f, Seed = 7 },
    };

    [Fact]
    public async Task Both_actors_train_from_one_base_on_budgets_within_one_percent_with_the_same_steps_and_a_finished_one_is_not_retrained()
    {
        var from = await WriteBuildAsync(Path.Combine(_dir, "build"));
        var options = Options(from);
        var tuner = new LlamaFineTuner(new LlamaFineTunerOptions { Threads = 1 });
        var reports = new List<SelfTalkTrainProgress>();
        var result = await SelfTalkTraining.RunAsync(options, tuner, new SyncProgress<SelfTalkTrainProgress>(reports.Add));

        Assert.Empty(result.Reused);
        Assert.Equal(6, result.SelfTalk.Examples);
        Assert.True(result.PlainCot.Examples > result.SelfTalk.Examples, $"{result.PlainCot.Examples} plain examples");
        // The equal-budget rule, recounted from the files the actors were trained on.
        var counter = new Utf8ByteTokenCounter();
        long Recount(SelfTalkArm arm, SftDatasetExporter files) => SftJsonl.ReadAsync(
            Path.Combine(from, SelfTalkTraining.DirectoryName(arm), files.SftFile)).Result.Sum(e => (long)counter.Count(e.Completion));
        long selfTalkTokens = Recount(SelfTalkArm.SelfTalk, SelfTalkBuild.SelfTalkFiles), plainTokens = Recount(SelfTalkArm.PlainCot, SelfTalkBuild.PlainCotFiles);
        Assert.Equal(selfTalkTokens, result.SelfTalk.Tokens);
        Assert.Equal(plainTokens, result.PlainCot.Tokens);
        Assert.InRange((double)plainTokens / selfTalkTokens, 0.99, 1.01);
        // Same optimizer steps (the plain run's batch is larger), same lr and seed.
        Assert.Equal(2, result.SelfTalk.Steps);
        Assert.Equal(result.SelfTalk.Steps, result.PlainCot.Steps);
        Assert.Equal(result.SelfTalk.Hyperparameters with { BatchSize = 0 }, result.PlainCot.Hyperparameters with { BatchSize = 0 });
        Assert.Equal([SelfTalkArm.SelfTalk, SelfTalkArm.PlainCot], reports.Select(r => r.Arm).Distinct());
        foreach (var actor in new[] { result.SelfTalk, result.PlainCot })
        {
            Assert.True(File.Exists(actor.Model));
            var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(actor.Model)!, SelfTalkTraining.TrainingFile))).RootElement;
            Assert.Equal(actor.Steps, record.GetProperty("steps").GetInt32());
            Assert.Equal(actor.Steps, record.GetProperty("step_losses").GetArrayLength());
        }
        // The two models differ: trained on other data from the same base.
        Assert.NotEqual(LlamaModelFile.Load(result.SelfTalk.Model)["output.weight"].Data, LlamaModelFile.Load(result.PlainCot.Model)["output.weight"].Data);

        var written = File.GetLastWriteTimeUtc(result.PlainCot.Model);
        var again = await SelfTalkTraining.RunAsync(options, tuner);
        Assert.Equal([SelfTalkArm.SelfTalk, SelfTalkArm.PlainCot], again.Reused);
        Assert.Equal(written, File.GetLastWriteTimeUtc(result.PlainCot.Model));
        Assert.Equal(result.PlainCot.StepLosses, again.PlainCot.StepLosses);
        // Another learning rate into the same directory is another experiment.
        await Assert.ThrowsAsync<InvalidOperationException>(() => SelfTalkTraining.RunAsync(options with { Hyperparameters = options.Hyperparameters with { LearningRate = 1e-3f } }, tuner));
    }

    [Fact]
    public async Task A_masked_build_trains_on_its_trained_tokens_and_the_actors_record_that_it_was_masked()
    {
        var from = await WriteBuildAsync(Path.Combine(_dir, "build"), maskRetracted: true);
        var options = Options(from);
        var tuner = new LlamaFineTuner(new LlamaFineTunerOptions { Threads = 1 });
        var result = await SelfTalkTraining.RunAsync(options, tuner);

        Assert.True(result.SelfTalk.MaskRetracted);
        Assert.False(result.PlainCot.MaskRetracted);
        // Each trace's wrong step ("She has i + (i + 2) = 2i + 3 apples.") is out of the budget.
        long wrongSteps = Enumerable.Range(1, 6).Sum(i => (long)$"She has {i} + {i + 2} = {2 * i + 3} apples.".Length);
        Assert.Equal(result.SelfTalk.Tokens - wrongSteps, result.SelfTalk.TrainedTokens);
        Assert.Equal(result.PlainCot.Tokens, result.PlainCot.TrainedTokens);
        Assert.InRange((double)result.PlainCot.TrainedTokens / result.SelfTalk.TrainedTokens, 0.99, 1.01);
        Assert.Equal(result.SelfTalk.Steps, result.PlainCot.Steps);
        var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(result.SelfTalk.Model)!, SelfTalkTraining.TrainingFile))).RootElement;
        Assert.True(record.GetProperty("mask_retracted").GetBoolean());
        Assert.Equal(result.SelfTalk.TrainedTokens, record.GetProperty("trained_tokens").GetInt64());

        // The same traces unmasked train another model: the wrong steps' loss is what differs.
        var unmasked = await WriteBuildAsync(Path.Combine(_dir, "build-unmasked"));
        var other = await SelfTalkTraining.RunAsync(options with { From = unmasked, Directory = Path.Combine(_dir, "out-unmasked") }, tuner);
        Assert.False(other.SelfTalk.MaskRetracted);
        Assert.Equal(other.SelfTalk.Tokens, other.SelfTalk.TrainedTokens);
        Assert.NotEqual(LlamaModelFile.Load(result.SelfTalk.Model)["output.weight"].Data, LlamaModelFile.Load(other.SelfTalk.Model)["output.weight"].Data);
    }

    [Fact]
    public async Task Sets_whose_budgets_differ_by_more_than_one_percent_are_refused_before_training()
    {
        var from = await WriteBuildAsync(Path.Combine(_dir, "build"));
        var plainFile = Path.Combine(from, SelfTalkBuild.PlainCotDirectory, SelfTalkBuild.PlainCotFiles.SftFile);
        File.AppendAllText(plainFile, "{\"prompt\": \"p\", \"completion\": \"" + new string('x', 40) + "\"}\n");
        var options = new SelfTalkTrainOptions { From = from, BaseModel = BaseModel(), Directory = Path.Combine(_dir, "out") };
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SelfTalkTraining.RunAsync(options, new LlamaFineTuner(new LlamaFineTunerOptions { Threads = 1 })));
        Assert.Contains("not within 1%", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(options.Directory));
    }

    [Theory]
    [InlineData(102, 6, 17, 6)]
    [InlineData(41, 6, 7, 6)]
    [InlineData(6, 4, 2, 3)] // no batch makes 4 steps of 6 examples: the nearest from below
    [InlineData(3, 5, 1, 3)]
    public void The_plain_batch_makes_as_many_steps_as_it_can(int examples, int steps, int batch, int made)
    {
        Assert.Equal(batch, SelfTalkTraining.MatchingBatchSize(examples, steps));
        Assert.Equal(made, SelfTalkTraining.StepsPerEpoch(examples, batch));
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
