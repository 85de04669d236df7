namespace MathCritique.Sampling;

/// <summary>
/// Several <see cref="IInlineTool"/>s run as one: after each token the first that has something to write writes it
/// (a critic's calculator writes a sum's value, a comparison tool the outcome of comparing it). Named by its tools'
/// names joined with commas, as a GGUF declares them (<c>calculator,compare</c>).
/// </summary>
public sealed class InlineToolChain : IInlineTool
{
    private readonly IReadOnlyList<IInlineTool> _tools;

    public InlineToolChain(IEnumerable<IInlineTool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        _tools = tools.ToArray();
        if (_tools.Count == 0 || _tools.Any(t => t is null))
            throw new ArgumentException("A tool chain needs at least one tool and no null ones.", nameof(tools));
        Name = string.Join(",", _tools.Select(t => t.Name));
    }

    public string Name { get; }

    public string? TextAfter(string completion)
    {
        foreach (var tool in _tools)
        {
            if (tool.TextAfter(completion) is { Length: > 0 } text)
                return text;
        }
        return null;
    }
}
