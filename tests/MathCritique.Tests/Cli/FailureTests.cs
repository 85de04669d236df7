namespace MathCritique.Tests.Cli;

[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture;

/// <summary>
/// Failures a user meets end through the real command as one line naming the file or endpoint and an exit code of
/// their kind, never a stack trace (<c>--verbose</c> adds it).
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class FailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mc-cli-failure-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static (int Code, string Error) Run(params string[] args) => CliInvocation.Run(args);

    private static string Line(string error) => Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    private string TinyModel()
    {
        var model = Path.Combine(_dir, "tiny.gguf");
        Assert.Equal(0, Run("model", "new", "--out", model, "--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "256", "--seed", "4").Code);
        return model;
    }

    /// <summary><c>eval</c> on a tiny model with a problems file of these lines.</summary>
    private (int Code, string Error, string Problems) EvalOn(string problemLines)
    {
        var problems = Path.Combine(_dir, "problems.jsonl");
        File.WriteAllText(problems, problemLines);
        var model = TinyModel();
        var (code, error) = Run("eval", "--actor", model, "--critic", model, "--problems", problems, "--out", Path.Combine(_dir, "run"));
        return (code, error, problems);
    }

    private string TruncatedModel()
    {
        var model = TinyModel();
        var truncated = Path.Combine(_dir, "truncated.gguf");
        File.WriteAllBytes(truncated, File.ReadAllBytes(model)[..5000]);
        return truncated;
    }

    [Fact]
    public void A_truncated_model_ends_in_one_line_naming_the_file_and_exit_code_3()
    {
        var truncated = TruncatedModel();
        var (code, error) = Run("eval", "--actor", truncated, "--critic", truncated, "--per-level", "1", "--out", Path.Combine(_dir, "run"));
        Assert.Equal(3, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {truncated}: truncated", line, StringComparison.Ordinal);

        var (verboseCode, verboseError) = Run("eval", "--actor", truncated, "--critic", truncated, "--per-level", "1", "--out", Path.Combine(_dir, "run"), "--verbose");
        Assert.Equal(3, verboseCode);
        Assert.Contains("   at MathCritique.LlamaCpp.Gguf.GgufFile.Open", verboseError, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_server_ends_in_one_line_naming_the_endpoint_and_exit_code_4()
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once; the sampler retries first.
        var (code, error) = Run("eval", "--actor", "http://127.0.0.1:9/v1#m", "--critic", "http://127.0.0.1:9/v1#m", "--per-level", "1", "--levels", "1",
            "--samples", "1", "--rounds", "1", "--out", Path.Combine(_dir, "run"));
        Assert.Equal(4, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("http://127.0.0.1:9/v1/chat/completions", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_GGUF_ends_with_exit_code_3()
    {
        var foreign = Path.Combine(_dir, "foreign.gguf");
        File.WriteAllText(foreign, "{\"this\": \"is JSON, not a model\"}");
        var (code, error) = Run("eval", "--actor", foreign, "--critic", foreign, "--per-level", "1", "--out", Path.Combine(_dir, "run"));
        Assert.Equal(3, code);
        Assert.Equal($"error: {foreign}: not a GGUF file (bad magic)", error.Trim());
    }

    [Fact]
    public void An_unknown_option_or_a_bad_value_ends_with_exit_code_2()
    {
        var (code, error) = Run("eval", "--no-such-option", "3");
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("--no-such-option", error, StringComparison.Ordinal);
        Assert.Equal(2, Run("eval", "--samples", "many").Code);
    }

    [Fact]
    public void Bad_input_ends_with_exit_code_2()
    {
        var (code, error, problems) = EvalOn("{\"question\": \"1 + 1?\", \"answer\": \"2\"}\nnot json\n");
        Assert.Equal(2, code);
        Assert.Contains(problems, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_ends_in_one_line_naming_the_file_and_exit_code_3()
    {
        var missing = Path.Combine(_dir, "missing.gguf");
        var (code, error) = Run("eval", "--actor", missing, "--critic", missing, "--per-level", "1", "--out", Path.Combine(_dir, "run"));
        Assert.Equal(3, code);
        Assert.StartsWith($"error: Model file not found: {missing}", Line(error), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_problem_line_ends_in_one_line_naming_the_file_and_line()
    {
        var (code, error, problems) = EvalOn("{\"id\": \"p1\", \"question\": \"1 + 1?\", \"answer\": \"2\"}\n\n{\"id\": \"p2\", \"question\": \"2 + 2?\", \"answer\": }\n");
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {problems}:3: malformed JSON", Line(error), StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_without_its_answer_ends_in_one_line_naming_the_file_line_and_field()
    {
        var (code, error, problems) = EvalOn("{\"id\": \"p1\", \"question\": \"1 + 1?\", \"answer\": \"2\"}\n{\"id\": \"p2\", \"question\": \"2 + 2?\"}\n");
        Assert.Equal(2, code);
        Assert.Equal($"error: {problems}:2: missing field 'answer'", Line(error));
    }

    [Fact]
    public void A_bad_option_value_ends_in_one_line_naming_the_option_and_the_value()
    {
        // Refused by the parser: the values it expected are listed on the same line.
        var (code, error) = Run("eval", "--refine", "Sideways");
        Assert.Equal(2, code);
        var line = Line(error);
        Assert.StartsWith("error: Cannot parse argument 'Sideways' for option '--refine'", line, StringComparison.Ordinal);
        Assert.Contains("Resume Rewrite", line, StringComparison.Ordinal);

        // Refused by the options' validation, after parsing: "Actual value was" joins its line.
        var model = TinyModel();
        (code, error) = Run("eval", "--actor", model, "--critic", model, "--temperature", "-1", "--out", Path.Combine(_dir, "run"));
        Assert.Equal(2, code);
        line = Line(error);
        Assert.Contains("Temperature", line, StringComparison.Ordinal);
        Assert.EndsWith("Actual value was -1.", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_disk_ends_in_one_line_naming_the_file_and_exit_code_74()
    {
        // Every write to /dev/full fails with ENOSPC, as on a full disk.
        var (code, error) = Run("lab", "problems", "--level", "1", "--count", "100", "--out", "/dev/full");
        Assert.Equal(74, code);
        Assert.Equal("error: No space left on device : '/dev/full'", Line(error));
    }
}
