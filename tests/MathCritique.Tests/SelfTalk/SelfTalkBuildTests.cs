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
