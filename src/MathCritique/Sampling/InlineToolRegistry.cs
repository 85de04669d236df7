namespace MathCritique.Sampling;

/// <summary>
/// The inline tools a model can run with, by the names a GGUF declares (<c>model tag --tool</c>) and
/// <c>--critic-tools</c> or a model's <c>tools</c> setting take: one name, or several joined with commas and run as an
/// <see cref="InlineToolChain"/>. The core provides the calculator; the lab adds its comparator.
/// </summary>
public sealed class InlineToolRegistry
{
    private readonly Dictionary<string, Func<IInlineTool>> _tools = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    /// <summary>A registry with the <see cref="InlineCalculator"/>.</summary>
    public static InlineToolRegistry WithCalculator() => new InlineToolRegistry().Add(InlineCalculator.ToolName, () => new InlineCalculator());

    public IReadOnlyList<string> Names => _names;

    public InlineToolRegistry Add(string name, Func<IInlineTool> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        if (name == "none" || name.Contains(','))
            throw new ArgumentException($"'{name}' cannot name a tool.", nameof(name));
        if (!_tools.TryAdd(name, create))
            throw new ArgumentException($"A tool named '{name}' is registered already.", nameof(name));
        _names.Add(name);
        return this;
    }

    /// <summary>Whether <paramref name="names"/> is <c>none</c> or a comma-joined list of known tools, each at most once.</summary>
    public bool IsValid(string names, out string error)
    {
        error = "";
        if (names == "none")
            return true;
        var parts = names.Split(',', StringSplitOptions.TrimEntries);
        if (parts.FirstOrDefault(p => !_tools.ContainsKey(p)) is { } unknown)
        {
            error = $"'{unknown}' is not an inline tool ({string.Join(", ", _names)}; several joined with commas, or none)";
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
    public IInlineTool? Create(string? names)
    {
        if (string.IsNullOrWhiteSpace(names) || names == "none")
            return null;
        if (!IsValid(names, out var error))
            throw new ArgumentException(error, nameof(names));
        var tools = names.Split(',', StringSplitOptions.TrimEntries).Select(name => _tools[name]()).ToArray();
        return tools.Length == 1 ? tools[0] : new InlineToolChain(tools);
    }
}
