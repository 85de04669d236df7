using System.CommandLine;
using MathCritique.Models;
using MathCritique.Sampling;

namespace MathCritique.Cli.Hosting;

/// <summary><c>--critic-tools</c>: the inline tools a critic runs with, as asked, else as its GGUF declares.</summary>
internal sealed class CriticToolsFlag
{
    private readonly Option<string?> _tools = new("--critic-tools")
    {
        Description = "Inline tools the critic runs with, joined with commas, or none: calculator (writes the value of each sum it redoes, `17 * 4 makes ` → 68, as GSM8K's calculator does), compare (writes the outcome of each comparison of two numbers its check line has written, `makes 68 vs 78 ` → not); which numbers it compares and its verdicts stay its own. GGUF critics only. Default: what the critic's GGUF declares (`model tag --tool`).",
        Validators = { result => { if (result.GetValueOrDefault<string?>() is { } names && !CommandModels.InlineTools().IsValid(names, out var error)) result.AddError($"--critic-tools: {error}."); } },
    };

    public void AddTo(Command command) => command.Options.Add(_tools);

    /// <summary>The tool <c>--critic-tools</c> names, else the one <paramref name="critic"/> declares; null: none.</summary>
    public IInlineTool? Tool(ParseResult parse, OpenedModel? critic)
    {
        string? tools = parse.GetResult(_tools) is { Implicit: false } ? parse.GetValue(_tools) : critic?.InlineTools;
        return CommandModels.InlineTools().Create(tools);
    }

    /// <summary>Says which tool the critic runs with, for the log and reports.</summary>
    public static string Describe(IInlineTool? tool) => tool?.Name ?? "none";
}
