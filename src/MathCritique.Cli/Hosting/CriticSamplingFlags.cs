using System.CommandLine;
using MathCritique.Models;
using MathCritique.Sampling;

namespace MathCritique.Cli.Hosting;

/// <summary>
/// How the critic samples, shared by <c>eval</c> and <c>critic-eval</c>: <c>--critic-votes</c> and
/// <c>--critic-temperature</c> (judge each step several times and take the majority, stepwise prompt sets) and
/// <c>--critic-tools</c>.
/// </summary>
internal sealed class CriticSamplingFlags
{
    private readonly Option<int> _votes = new("--critic-votes") { Description = "With a stepwise prompt set: judge each step this many times and keep the majority verdict (needs --critic-temperature > 0).", DefaultValueFactory = _ => 1 };
    private readonly Option<float> _temperature = new("--critic-temperature") { Description = "Critic sampling temperature (0: greedy).", DefaultValueFactory = _ => 0f };
    private readonly Option<string?> _tools = new("--critic-tools")
    {
        Description = "Inline tools the critic runs with, joined with commas, or none: calculator (writes the value of each sum it redoes, `17 * 4 makes ` → 68, as GSM8K's calculator does), compare (writes the outcome of each comparison of two numbers its check line has written, `makes 68 vs 78 ` → not); which numbers it compares and its verdicts stay its own. GGUF critics only. Default: what the critic's GGUF declares (`model tag --tool`).",
        Validators = { result => { if (result.GetValueOrDefault<string?>() is { } names && !CommandModels.InlineTools().IsValid(names, out var error)) result.AddError($"--critic-tools: {error}."); } },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_votes);
        command.Options.Add(_temperature);
        command.Options.Add(_tools);
    }

    public int Votes(ParseResult parse) => parse.GetValue(_votes);

    /// <summary>The critic's sampling options: temperature, tool (as asked, else as <paramref name="critic"/> declares), at most <paramref name="maxTokens"/> per critique.</summary>
    public SamplingOptions Sampling(ParseResult parse, int maxTokens, OpenedModel? critic)
    {
        string? tools = parse.GetResult(_tools) is { Implicit: false } ? parse.GetValue(_tools) : critic?.InlineTools;
        return new()
        {
            Temperature = parse.GetValue(_temperature),
            MaxTokens = maxTokens,
            Tool = CommandModels.InlineTools().Create(tools),
        };
    }

    /// <summary>Says which tool the critic runs with, for the log.</summary>
    public static string Describe(SamplingOptions critic) => critic.Tool?.Name ?? "none";
}
