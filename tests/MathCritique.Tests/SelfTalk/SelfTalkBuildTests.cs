using System.Text.Json;
using MathCritique.Collection;
using MathCritique.Problems;
using MathCritique.Prompts;
using MathCritique.Runs;
using MathCritique.SelfTalk;
using MathCritique.Training;
using static MathCritique.Tests.SelfTalk.SelfTalkRecords;

namespace MathCritique.Tests.SelfTalk;

public sealed class SelfTalkBuildTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mc-selftalk-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A collect directory of many problems a + b + c (two steps), each with right and wrong solutions.</summary>
    private async Task<string> CollectDirectoryAsync(int problems)
    {
        var directory = Path.Combine(_root, "collect");
        Directory.CreateDirectory(directory);
        var records = new List<CritiqueRecord>();
        for (int i = 0; i < problems; i++)
        {
            int a = 10 + i, b = 3 + (i % 7), c = 5 + (i % 4);
            var problem = new Problem($"p{i}", $"Ann has {a} pens. She buys {b} more, then {c} more. How many pens does she have?", $"{a + b + c}", Level: 1 + (i % 5));
            string Solution(int first, int second) => $"She has {a} + {b} = {first} pens.\nShe has {first} + {c} = {second} pens.\nThe answer is {second}.";
            records.Add(Record("rg1/0", Solution(a + b, a + b + c), correct: true, flag: null, problem: problem));
            records.Add(Record("rg1/1", Solution(a + b + 1, a + b + c + 1), correct: false, flag: 1, problem: problem));
            records.Add(Record("rg2/0", $"She has {a} + {b} = {a + b} pens.\nShe has {a + b} * {c} = {(a + b) * c} pens.\nThe answer is {(a + b) * c}.", correct: false, flag: 2,
                ConstructionMethod.Rg2ResampleFromStep, errorStep: 2, problem: problem));
        }
        await File.WriteAllLinesAsync(Path.Combine(directory, CollectionPipeline.RecordsFile), records.Select(r => JsonSerializer.Serialize(r, JsonFormat.Compact)));
        return directory;
    }

    private static SelfTalkBuildOptions Options(string from, string output) =>
        new() { From = from, Directory = output, Prompts = PaperPrompts.Create() };

    [Fact]
    public async Task The_plain_cot_set_has_the_self_talk_sets_tokens_within_one_percent_on_the_same_problems()
    {
        var from = await CollectDirectoryAsync(problems: 60);
        var output = Path.Combine(_root, "out");
        var result = await SelfTalkBuild.RunAsync(Options(from, output));

        Assert.Equal(180, result.Dataset.Traces.Count);
        Assert.True(result.Stats.WithinBudget, result.Stats.ToMarkdown());
        // Counted again from the exported files, byte by byte as the lab tokenizer does.
        var selfTalk = await SftJsonl.ReadAsync(Path.Combine(output, SelfTalkBuild.SelfTalkDirectory, SelfTalkBuild.SelfTalkFiles.SftFile));
        var plain = await SftJsonl.ReadAsync(Path.Combine(output, SelfTalkBuild.PlainCotDirectory, SelfTalkBuild.PlainCotFiles.SftFile));
        long Tokens(IEnumerable<SftExample> set) => set.Sum(e => (long)System.Text.Encoding.UTF8.GetByteCount(e.Completion));
        Assert.InRange((double)Tokens(plain) / Tokens(selfTalk), 0.99, 1.01);
        Assert.True(plain.Count > selfTalk.Count); // plain solutions are shorter: more of them fill the budget
        Assert.Equal(selfTalk.Select(e => e.Prompt).ToHashSet(), plain.Select(e => e.Prompt).ToHashSet());
        Assert.All(plain, e => Assert.Empty(SelfTalkParser.Parse(e.Completion).Checks));

        // Every trace written reads back to the record it came from.
        var traces = File.ReadAllLines(Path.Combine(output, SelfTalkBuild.TracesFile)).Select(l => JsonSerializer.Deserialize<SelfTalkExample>(l, JsonFormat.Compact)!).ToArray();
        Assert.Equal(result.Dataset.Traces.Select(t => t.Text), traces.Select(t => t.Text));
        Assert.All(traces, t => Assert.Equal(t.FinalSolution, SelfTalkParser.Parse(t.Text).FinalAnswerText));
        Assert.Contains("Plain CoT / self-talk", await File.ReadAllTextAsync(Path.Combine(output, SelfTalkBuild.StatsFile)));
        Assert.True(File.Exists(Path.Combine(output, SelfTalkBuild.SelfTalkDirectory, SftDatasetExporter.DatasetInfoFile)));
    }

    [Fact]
    public async Task A_masked_build_leaves_the_retracted_steps_out_of_the_loss_and_fills_the_plain_set_to_the_trained_tokens()
    {
        var from = await CollectDirectoryAsync(problems: 60);
        var plainOutput = Path.Combine(_root, "plain");
        var output = Path.Combine(_root, "masked");
        var unmasked = await SelfTalkBuild.RunAsync(Options(from, plainOutput));
        var result = await SelfTalkBuild.RunAsync(Options(from, output) with { MaskRetracted = true });

        // The same traces; every flagged one masks exactly its retracted step lines.
        Assert.Equal(unmasked.SelfTalk.Select(e => e.Completion), result.SelfTalk.Select(e => e.Completion));
        Assert.All(unmasked.SelfTalk, e => Assert.Empty(e.Unscored));
        foreach (var (example, trace) in result.SelfTalk.Zip(result.Dataset.Traces))
        {
            var lines = example.Completion.Split('\n');
            var retracted = SelfTalkParser.Parse(example.Completion).RetractedStepLines.Select(l => lines[l - 1]);
            Assert.Equal(retracted, example.Unscored.Select(s => example.Completion.Substring(s.Start, s.Length)));
            Assert.Equal(trace.FlaggedSteps.Count, example.Unscored.Count); // one retracted step per flag in these traces
        }
        Assert.Contains(result.SelfTalk, e => e.Unscored.Count > 0);

        // Recounted from the exported files: the plain set has the self-talk set's trained tokens within 1%.
        var counter = new Utf8ByteTokenCounter();
        var selfTalk = await SftJsonl.ReadAsync(Path.Combine(output, SelfTalkBuild.SelfTalkDirectory, SelfTalkBuild.SelfTalkFiles.SftFile));
        var plain = await SftJsonl.ReadAsync(Path.Combine(output, SelfTalkBuild.PlainCotDirectory, SelfTalkBuild.PlainCotFiles.SftFile));
        Assert.Equal(result.SelfTalk, selfTalk);
        long Trained(IEnumerable<SftExample> set) => set.Sum(counter.CountTrained);
        long Completion(IEnumerable<SftExample> set) => set.Sum(e => (long)counter.Count(e.Completion));
        Assert.InRange((double)Trained(plain) / Trained(selfTalk), 0.99, 1.01);
        Assert.True(Trained(selfTalk) < Completion(selfTalk));
        Assert.True(Trained(plain) < Trained(unmasked.PlainCot), "the masked build's plain set is filled to fewer tokens");
        Assert.Equal(Completion(plain), Trained(plain));
        Assert.Equal((Completion(selfTalk), Trained(selfTalk)), (result.Stats.SelfTalk.Tokens, result.Stats.SelfTalk.TrainedTokens));
        Assert.True(result.Stats.WithinBudget);

        var stats = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, SelfTalkBuild.StatsJsonFile))).RootElement;
        Assert.True(stats.GetProperty("mask_retracted").GetBoolean());
        Assert.Equal(Trained(plain), stats.GetProperty("plain_cot").GetProperty("trained_tokens").GetInt64());
        Assert.False(JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(plainOutput, SelfTalkBuild.StatsJsonFile))).RootElement.GetProperty("mask_retracted").GetBoolean());
        var markdown = await File.ReadAllTextAsync(Path.Combine(output, SelfTalkBuild.StatsFile));
        Assert.Contains("LLaMA-Factory and other trainers of those files train on the retracted steps too", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("LLaMA-Factory", await File.ReadAllTextAsync(Path.Combine(plainOutput, SelfTalkBuild.StatsFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void Filling_a_budget_reaches_the_target_within_the_smallest_example()
    {
        SftExample Example(int length) => new("q", new string('x', length));
        var candidates = new IReadOnlyList<SftExample>[] { [Example(100), Example(120)], [Example(90)], [Example(7)] };
        var chosen = EqualTokenBudget.Fill(candidates, 1000, e => e.Completion.Length);
        long total = chosen.Sum(e => e.Completion.Length);
        Assert.InRange(total, 1000 - 7, 1000 + 7);
        Assert.Contains(chosen, e => e.Completion.Length == 90); // every problem at least once
        Assert.Throws<ArgumentException>(() => EqualTokenBudget.Fill([[Example(0)]], 10, e => e.Completion.Length));
    }
}
