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
    private readonly CriticToolsFlag _tools = new();

    public void AddTo(Command command)
    {
        command.Options.Add(_votes);
        command.Options.Add(_temperature);
        _tools.AddTo(command);
    }

    public int Votes(ParseResult parse) => parse.GetValue(_votes);

    /// <summary>The critic's sampling options: temperature, tool (as asked, else as <paramref name="critic"/> declares), at most <paramref name="maxTokens"/> per critique.</summary>
    public SamplingOptions Sampling(ParseResult parse, int maxTokens, OpenedModel? critic)
    {
        return new()
        {
            Temperature = parse.GetValue(_temperature),
            MaxTokens = maxTokens,
            Tool = _tools.Tool(parse, critic),
        };
    }

    /// <summary>Says which tool the critic runs with, for the log.</summary>
    public static string Describe(SamplingOptions critic) => CriticToolsFlag.Describe(critic.Tool);
}
