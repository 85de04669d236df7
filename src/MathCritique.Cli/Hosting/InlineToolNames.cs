using MathCritique.Lab;
using MathCritique.Sampling;

namespace MathCritique.Cli.Hosting;

/// <summary>
/// The inline tools a critic can run with, by the names a GGUF declares them under (<c>model tag --tool</c>) and
/// <c>--critic-tools</c> takes: one name, or several joined with commas and run as an <see cref="InlineToolChain"/>.
/// </summary>
internal static class InlineToolNames
{
    public static readonly IReadOnlyList<string> Known = [InlineCalculator.ToolName, LabCheckComparison.ToolName];

    /// <summary>Whether <paramref name="names"/> is <c>none</c> or a comma-joined list of known tools, each at most once.</summary>
    public static bool IsValid(string names, out string error)
    {
        error = "";
        if (names == "none")
            return true;
        var parts = names.Split(',', StringSplitOptions.TrimEntries);
        if (parts.FirstOrDefault(p => !Known.Contains(p)) is { } unknown)
        {
            error = $"'{unknown}' is not an inline tool ({string.Join(", ", Known)}; several joined with commas, or none)";
            return false;
        }
        if (parts.Distinct().Count() != parts.Length)
        {
            error = $"'{names}' names a tool twice";
            return false;
        }
        return true;
    }

    /// <summary>The tools <paramref name="names"/> lists, in its order; null for <c>none</c> or nothing.</summary>
    public static IInlineTool? Create(string? names)
    {
        if (string.IsNullOrWhiteSpace(names) || names == "none")
            return null;
        if (!IsValid(names, out var error))
            throw new ArgumentException(error, nameof(names));
        var tools = names.Split(',', StringSplitOptions.TrimEntries).Select(Tool).ToArray();
        return tools.Length == 1 ? tools[0] : new InlineToolChain(tools);
    }

    private static IInlineTool Tool(string name) => name switch
    {
        InlineCalculator.ToolName => new InlineCalculator(),
        LabCheckComparison.ToolName => new LabCheckComparison(),
        _ => throw new ArgumentException($"'{name}' is not an inline tool", nameof(name)),
    };
}
