
namespace MathCritique.Prompts;

/// <summary>
/// The prompt sets a model can be used with, by the names <c>--prompts</c>, a model's <c>prompts</c> setting and a
/// GGUF's <c>mathcritique.prompts</c> tag use. The core provides <c>paper</c>; the lab adds its own.
/// </summary>
public sealed class PromptSetRegistry
{
    private readonly Dictionary<string, Func<PromptSet>> _sets = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    /// <summary>A registry with the paper's prompts (instructions for general chat models).</summary>
    public static PromptSetRegistry WithPaperPrompts() => new PromptSetRegistry().Add(PaperPrompts.Name, PaperPrompts.Create);

    public IReadOnlyList<string> Names => _names;

    public PromptSetRegistry Add(string name, Func<PromptSet> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        if (!_sets.TryAdd(name, create))
            throw new ArgumentException($"A prompt set named '{name}' is registered already.", nameof(name));
        _names.Add(name);
        return this;
    }

    public bool Contains(string name) => _sets.ContainsKey(name);

    public PromptSet Create(string name) => _sets.TryGetValue(name, out var create)
        ? create()
        : throw new ArgumentException($"'{name}' is not a prompt set ({string.Join(", ", _names)}).");
}
