using MathCritique.CriticEvaluation;

namespace MathCritique.Tests.CriticEvaluation;

public sealed class StepLabeledDataReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-step-labels-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<StepLabeledData> Read(params string[] paths) => StepLabeledDataReader.ReadAsync(paths);

    [Fact]
    public async Task Reads_processbench_jsonl_with_the_file_name_as_subset()
    {
        var path = Write("gsm8k.jsonl", """
            {"id": "gsm8k-0", "generator": "Qwen2-7B-Instruct", "problem": "2 + 3 * 4?", "steps": ["3 * 4 = 12.", "2 + 12 = 15.", "The answer is 15."], "final_answer_correct": false, "label": 1}

            {"id": "gsm8k-1", "problem": "1 + 1?", "steps": ["1 + 1 = 2.", "The answer is 2."], "final_answer_correct": true, "label": -1, "label_source": "final-answer-correct"}
            """);
        var data = await Read(path);

        Assert.Empty(data.Skipped);
        Assert.Equal(2, data.Solutions.Count);
        var wrong = data.Solutions[0];
        Assert.Equal(("gsm8k-0", "gsm8k", 1, "Qwen2-7B-Instruct", false), (wrong.Id, wrong.Subset, wrong.Label, wrong.Generator, wrong.FinalAnswerCorrect));
        Assert.Equal(["3 * 4 = 12.", "2 + 12 = 15.", "The answer is 15."], wrong.Steps);
        Assert.True(wrong.HasError);
        var right = data.Solutions[1];
        Assert.Equal((-1, (string?)null, true, $"{path}:3"), (right.Label, right.Generator, right.FinalAnswerCorrect, right.Source));
        Assert.Equal(((string?)null, "final-answer-correct"), (wrong.LabelSource, right.LabelSource));
        Assert.False(right.HasError);
    }

    [Fact]
    public async Task Reads_a_json_array_and_several_files_taking_a_subset_field_over_the_file_name()
    {
        var array = Write("math.json", """
            [
              {"id": "math-0", "problem": "p", "steps": ["a", "b"], "label": 0, "final_answer_correct": false},
              {"id": "x-1", "subset": "omnimath", "problem": "q", "steps": ["c"], "label": -1, "final_answer_correct": true}
            ]
            """);
        var lines = Write("olympiadbench.jsonl", """{"id": 7, "problem": "r", "steps": ["d", "e", "f"], "label": 2}""");
        var data = await Read(array, lines);

        Assert.Equal(["math", "omnimath", "olympiadbench"], data.Solutions.Select(s => s.Subset));
        Assert.Equal(["math-0", "x-1", "7"], data.Solutions.Select(s => s.Id));
        Assert.Equal([$"{array}:2", $"{array}:3", $"{lines}:1"], data.Solutions.Select(s => s.Source));
        Assert.Null(data.Solutions[2].FinalAnswerCorrect);
    }

    [Fact]
    public async Task Maps_prm800k_ratings_to_the_first_step_rated_minus_one()
    {
        static string Step(string text, int rating) => $$"""{"completions": [{"text": "{{text}}", "rating": {{rating}}, "flagged": null}], "human_completion": null, "chosen_completion": 0}""";
        var path = Write("phase2_test.jsonl", string.Join('\n',
            // Rated 0, +1, then -1: the first wrong step is the third (index 2), and the trajectory ends there.
            $$$"""{"question": {"problem": "P1"}, "label": {"steps": [{{{Step("s0", 0)}}}, {{{Step("s1", 1)}}}, {{{Step("s2", -1)}}}, {{{Step("s3", 1)}}}], "finish_reason": "found_error"}}""",
            // Every step rated 0 or +1 and the labeller reached the solution: no wrong step.
            $$$"""{"question": {"problem": "P2"}, "label": {"steps": [{{{Step("t0", 1)}}}, {{{Step("t1", 0)}}}], "finish_reason": "solution"}}""",
            // Phase 1: no completion chosen at step 1, two alternatives rated; the one rated -1 is the trajectory's wrong step.
            """{"question": {"problem": "P3"}, "label": {"steps": [{"completions": [{"text": "u0", "rating": 1}], "chosen_completion": 0}, {"completions": [{"text": "u1a", "rating": 0}, {"text": "u1b", "rating": -1}], "human_completion": {"text": "u1h", "rating": null}, "chosen_completion": null}], "finish_reason": "found_error"}}""",
            // The labeller gave up before any step was rated -1: whether the steps are right is not known.
            $$$"""{"question": {"problem": "P4"}, "label": {"steps": [{{{Step("v0", 1)}}}], "finish_reason": "give_up"}}""",
            // A chosen completion rated 0 after alternatives: the chosen one is the step.
            """{"question": {"problem": "P5"}, "label": {"steps": [{"completions": [{"text": "w0a", "rating": -1}, {"text": "w0b", "rating": 1}], "chosen_completion": 1}], "finish_reason": "solution"}}"""));
        var data = await Read(path);

        Assert.Equal(["P1", "P2", "P3", "P5"], data.Solutions.Select(s => s.Problem));
        Assert.Equal([2, -1, 1, -1], data.Solutions.Select(s => s.Label));
        Assert.Equal(["s0", "s1", "s2"], data.Solutions[0].Steps);
        Assert.Equal(["u0", "u1b"], data.Solutions[2].Steps);
        Assert.Equal(["w0b"], data.Solutions[3].Steps);
        Assert.Equal(["phase2_test-1", "phase2_test-2", "phase2_test-3", "phase2_test-5"], data.Solutions.Select(s => s.Id));
        Assert.All(data.Solutions, s => Assert.Equal("phase2_test", s.Subset));
        var skipped = Assert.Single(data.Skipped);
        Assert.Equal($"{path}:4: labelling ended with give_up before a step rated -1", skipped);
    }

    [Theory]
    [InlineData("""{"id": "a", "problem": "p", "steps": ["x"], "label": -1}""" + "\n" + """{"id": "b", "problem": "p", "steps": ["x"], "label": """, ":2: malformed JSON")]
    [InlineData("""{"id": "a", "problem": "p", "label": -1}""", """:1: missing field "steps" (ProcessBench's layout: id, problem, steps, label)""")]
    [InlineData("""{"id": "a", "steps": ["x"], "label": -1}""", """:1: missing field "problem" """)]
    [InlineData("""{"id": "a", "problem": "p", "steps": ["x"]}""", """:1: missing field "label" """)]
    [InlineData("""{"problem": "p", "steps": ["x"], "label": -1}""", """:1: missing field "id" """)]
    [InlineData("\n\n" + """{"id": "a", "problem": "p", "steps": ["x", "y"], "label": 2}""", ":3: label 2 is out of range (-1 for no wrong step, else 0 to 1 for 2 steps)")]
    [InlineData("""{"id": "a", "problem": "p", "steps": ["x"], "label": -2}""", ":1: label -2 is out of range")]
    [InlineData("""{"id": "a", "problem": "p", "steps": [], "label": -1}""", """:1: "steps" is empty""")]
    [InlineData("""{"id": "a", "problem": "p", "steps": ["x", 3], "label": -1}""", ":1: steps[1] is not a string")]
    [InlineData("""{"id": "a", "problem": "p", "steps": ["x"], "label": "0"}""", """:1: "label" must be an integer""")]
    [InlineData("""{"id": "a", "problem": "p", "steps": ["x"], "label": -1}""" + "\n" + """{"id": "a", "problem": "q", "steps": ["y"], "label": 0}""", """:2: id "a" of subset data is also at """)]
    [InlineData("[1, 2]", ":1: a record must be a JSON object, not number")]
    [InlineData("[\n" + """{"id": "a", "problem": "p", "steps": ["x"], "label": -1},""" + "\n" + """{"id": "b", "problem": "p", "steps": ["x"], "label": 1}""" + "\n]", ":3: label 1 is out of range")]
    [InlineData("[\n{\"id\": \"a\",\n\"problem\": }\n]", ":3: malformed JSON")]
    [InlineData("""{"question": {"problem": "p"}, "label": {"steps": [{"completions": [{"text": "x", "rating": 2}], "chosen_completion": 0}]}}""", ":1: label.steps[0]: rating 2 is not -1, 0 or 1")]
    [InlineData("""{"question": {"problem": "p"}, "label": {"steps": [{"completions": [{"text": "x", "rating": 1}], "chosen_completion": 1}]}}""", ":1: label.steps[0].chosen_completion 1 is out of range (1 completions)")]
    [InlineData("""{"question": {}, "label": {"steps": []}}""", """:1: missing field "question.problem" (PRM800K's layout: question.problem, label.steps)""")]
    public async Task Bad_input_is_one_error_naming_the_file_and_line(string text, string expected)
    {
        var path = Write("data.jsonl", text);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Read(path));
        Assert.StartsWith(path + expected.TrimEnd(), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
