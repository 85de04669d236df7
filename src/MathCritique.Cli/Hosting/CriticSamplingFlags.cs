using System.CommandLine;
using MathCritique.Sampling;

namespace MathCritique.Cli.Hosting;

/// <summary>
/// How the critic samples, shared by <c>eval</c> and <c>critic-eval</c>: <c>--critic-votes</c> and
/// <c>--critic-temperature</c> (judge each step several times and take the majority, stepwise prompt sets) and
/// <c>--critic-calculator</c>.
/// </summary>
internal sealed class CriticSamplingFlags
{
    private readonly Option<int> _votes = new("--critic-votes") { Description = "With a stepwise prompt set: judge each step this many times and keep the majority verdict (needs --critic-temperature > 0).", DefaultValueFactory = _ => 1 };
    private readonly Option<float> _temperature = new("--critic-temperature") { Description = "Critic sampling temperature (0: greedy).", DefaultValueFactory = _ => 0f };
    private readonly Option<bool> _calculator = new("--critic-calculator") { Description = "Write the value of each sum the critic redoes (`17 * 4 makes ` → 68), as GSM8K's calculator does; which numbers it compares and its verdicts stay its own. GGUF critics only. Default: on when the critic's GGUF declares it (`model tag --tool calculator`); `--critic-calculator false` turns it off." };

    public void AddTo(Command command)
    {
        command.Options.Add(_votes);
        command.Options.Add(_temperature);
        command.Options.Add(_calculator);
    }

    public int Votes(ParseResult parse) => parse.GetValue(_votes);

    /// <summary>The critic's sampling options: temperature, tool (as asked, else as <paramref name="critic"/> declares), at most <paramref name="maxTokens"/> per critique.</summary>
    public SamplingOptions Sampling(ParseResult parse, int maxTokens, OpenedModel? critic)
    {
        bool calculator = parse.GetResult(_calculator) is { Implicit: false } ? parse.GetValue(_calculator) : critic?.InlineTool == InlineCalculator.ToolName;
        return new()
        {
            Temperature = parse.GetValue(_temperature),
            MaxTokens = maxTokens,
            Tool = calculator ? new InlineCalculator() : null,
        };
    }

    /// <summary>Says which tool the critic runs with, for the log.</summary>
    public static string Describe(SamplingOptions critic) => critic.Tool?.Name ?? "none";
}
