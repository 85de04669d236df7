using System.CommandLine;

namespace MathCritique.Cli.Hosting;

/// <summary><c>--critic-votes</c> and <c>--critic-temperature</c>: judge each step several times and take the majority (stepwise prompt sets).</summary>
internal sealed class CriticVoteOptions
{
    private readonly Option<int> _votes = new("--critic-votes") { Description = "With a stepwise prompt set: judge each step this many times and keep the majority verdict (needs --critic-temperature > 0).", DefaultValueFactory = _ => 1 };
    private readonly Option<float> _temperature = new("--critic-temperature") { Description = "Critic sampling temperature (0: greedy).", DefaultValueFactory = _ => 0f };

    public void AddTo(Command command)
    {
        command.Options.Add(_votes);
        command.Options.Add(_temperature);
    }

    public int Votes(ParseResult parse) => parse.GetValue(_votes);

    public float Temperature(ParseResult parse) => parse.GetValue(_temperature);
}
