using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

/// <summary>Hostile answers must give a clear "unparseable" verdict quickly, never hang or throw. The time limit here is
/// generous (CI machines vary); the 50 ms target is measured by bench/GraderBench.</summary>
public class HostileInputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    public static TheoryData<string, string> Inputs() => new()
    {
        { "power tower", "9^9^9^9" },
        { "braced power tower", "2^{2^{2^{2^{2^{2}}}}}" },
        { "factorials", "10!!!!!!" },
        { "huge factorial", "1000000!" },
        { "huge exponent literal", "1e999999" },
        { "10k nested braces", new string('{', 10_000) + "5" + new string('}', 10_000) },
        { "deep parentheses within the length limit", new string('(', 900) + "5" + new string(')', 900) },
        { "nested fractions", string.Concat(Enumerable.Repeat(@"\frac{1}{", 200)) + "2" + new string('}', 200) },
        { "nested sqrt", string.Concat(Enumerable.Repeat(@"\sqrt{", 300)) + "2" + new string('}', 300) },
        { "unclosed braces", new string('{', 1500) },
        { "nested minus signs", new string('-', 1500) + "5" },
        { "many plus-minus", string.Concat(Enumerable.Repeat(@"1\pm", 40)) + "1" },
        { "long list", string.Join(",", Enumerable.Range(1, 600)) },
        { "1 MB of digits", new string('9', 1_000_000) },
        { "1 MB of LaTeX", string.Concat(Enumerable.Repeat(@"\frac{1}{2}+", 100_000)) },
        { "nested text", string.Concat(Enumerable.Repeat(@"\text{", 600)) + "5" + new string('}', 600) },
        { "division by zero", "1/0" },
        { "undefined", @"\frac{0}{0}" },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Hostile_answer_is_unparseable_and_fast(string name, string hostile)
    {
        var grader = new MathGrader();
        var result = await Within(Limit, name, () => grader.CompareAnswers("5", hostile));
        Assert.False(result.Correct, name);
        Assert.StartsWith("unparseable", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Hostile_gold_is_unparseable_and_fast(string name, string hostile)
    {
        var grader = new MathGrader();
        var result = await Within(Limit, name, () => grader.CompareAnswers(hostile, "5"));
        Assert.False(result.Correct, name);
        Assert.StartsWith("unparseable", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Hostile_solution_text_is_graded_without_hanging(string name, string hostile)
    {
        var grader = new MathGrader();
        var texts = new[] { hostile, $"The answer is {hostile}.", $"So $\\boxed{{{hostile}}}$.", $"#### {hostile}" };
        var results = await Within(Limit * 2, name, () => texts.Select(t => grader.Grade("7", t)).ToArray());
        Assert.All(results, r => Assert.False(r.Correct, name));
    }

    [Fact]
    public async Task Megabyte_solution_with_a_late_answer_is_extracted()
    {
        var text = string.Concat(Enumerable.Repeat("We add the numbers step by step, carefully. ", 25_000)) + "The answer is $\\boxed{42}$.";
        Assert.True(text.Length > 1_000_000);
        var result = await Within(Limit, "megabyte", () => new MathGrader().Grade("42", text));
        Assert.True(result.Correct, result.Reason);
    }

    private static async Task<T> Within<T>(TimeSpan limit, string name, Func<T> work)
    {
        var task = Task.Run(work);
        var finished = await Task.WhenAny(task, Task.Delay(limit));
        Assert.True(finished == task, $"{name}: took longer than {limit}");
        return await task;
    }
}
