using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MathCritique.Critiques;
using MathCritique.Prompts;
using MathCritique.Solutions;

namespace MathCritique.CriticEvaluation;

/// <summary>
/// A critic prompt of the user's own (<c>critic-eval --critic-prompt FILE</c>): text with placeholders
/// <c>{problem}</c>, <c>{solution}</c> (the steps, one per line), <c>{steps}</c> (the steps as <see cref="StepSegmenter"/>
/// counts them, each line starting <c>Step k: </c>) and <c>{format}</c> (the critique format's instructions). It
/// needs <c>{problem}</c> and <c>{solution}</c> or <c>{steps}</c>; other braces (LaTeX) are left as they are. The
/// critic must answer in the paper's critique format, which <see cref="CritiqueParser"/> reads.
/// </summary>
public sealed partial class CriticPromptTemplate
{
    private CriticPromptTemplate(string text) => Text = text;

    public string Text { get; }

    /// <summary>The first 12 hex digits of the text's SHA-256, so that a run records which prompt it used.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))[..12];

    /// <param name="source">Where the text came from (the file), for the error message.</param>
    /// <exception cref="InvalidDataException">A placeholder it needs is missing.</exception>
    public static CriticPromptTemplate Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("{problem}", StringComparison.Ordinal))
            throw new InvalidDataException($"{source}: the critic prompt has no {{problem}} placeholder (placeholders: {{problem}}, {{solution}} or {{steps}}, {{format}})");
        if (!text.Contains("{solution}", StringComparison.Ordinal) && !text.Contains("{steps}", StringComparison.Ordinal))
            throw new InvalidDataException($"{source}: the critic prompt has neither a {{solution}} nor a {{steps}} placeholder");
        return new CriticPromptTemplate(text);
    }

    public static async Task<CriticPromptTemplate> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);

    /// <summary>The prompt for <paramref name="problem"/> and a solution written one step per line.</summary>
    public string Render(string problem, string solution)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(solution);
        // One pass: a problem that itself holds "{solution}" is not filled in again.
        return Placeholder().Replace(Text, m => m.Groups[1].Value switch
        {
            "problem" => problem,
            "solution" => solution,
            "steps" => string.Join('\n', StepSegmenter.Split(solution).Select(step => $"Step {step.Index}: {step.Text}")),
            _ => CritiqueFormatter.Instructions,
        });
    }

    /// <summary><paramref name="prompts"/> with this critique prompt, asked for whole solutions (no step-at-a-time check).</summary>
    public PromptSet Apply(PromptSet prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        return prompts with { Critique = Render, CheckStep = null };
    }

    [GeneratedRegex(@"\{(problem|solution|steps|format)\}")]
    private static partial Regex Placeholder();
}
