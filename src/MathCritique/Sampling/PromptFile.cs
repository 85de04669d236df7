using System.Text.Json.Nodes;
using MathCritique.Training;

namespace MathCritique.Sampling;

/// <summary>What sampling a prompt file produced: prompts sampled, tokens generated.</summary>
public readonly record struct PromptFileResult(int Prompts, long TokensGenerated);

/// <summary>
/// A JSON Lines file of <c>{"prompt": ...}</c> objects (<see cref="SftJsonl"/>'s layout, completion optional), read
/// once, so a bad line is reported before any model is loaded. <see cref="SampleAsync"/> samples every prompt in one
/// batched call and writes each line back with its <c>"completions"</c>; the line's other fields (an expected
/// answer, an id) travel through.
/// </summary>
public sealed class PromptFile
{
    private readonly IReadOnlyList<(string Prompt, JsonObject Line)> _lines;

    private PromptFile(IReadOnlyList<(string Prompt, JsonObject Line)> lines) => _lines = lines;

    public IReadOnlyList<string> Prompts => _lines.Select(l => l.Prompt).ToArray();

    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">A line is not an object with a string "prompt"; the message names file and line.</exception>
    public static async Task<PromptFile> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        new((await SftJsonl.ReadWithLinesAsync(path, cancellationToken, requireCompletion: false).ConfigureAwait(false))
            .Select(e => (e.Example.Prompt, JsonNode.Parse(e.Line)!.AsObject())).ToArray());

    /// <summary>Samples every prompt as <paramref name="request"/> says (its messages replaced by the prompt) and writes the lines.</summary>
    /// <param name="openOutput">Opens where the lines go; called once every prompt is sampled, so a failed run leaves no file.</param>
    public async Task<PromptFileResult> SampleAsync(ISampler sampler, SamplingRequest request, Func<TextWriter> openOutput, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(openOutput);
        var requests = _lines.Select(l => request with { Messages = [new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, l.Prompt)] }).ToArray();
        var results = await sampler.SampleAsync(requests, progress: null, cancellationToken).ConfigureAwait(false);
        await using var writer = openOutput();
        for (int i = 0; i < results.Count; i++)
        {
            // A copy: the file read stays as it was, so sampling it twice writes the same lines.
            var line = (JsonObject)_lines[i].Line.DeepClone();
            line["completions"] = new JsonArray(results[i].Completions.Select(c => (JsonNode?)c.Text).ToArray());
            await writer.WriteLineAsync(line.ToJsonString()).ConfigureAwait(false);
        }
        return new PromptFileResult(results.Count, results.Sum(r => r.Completions.Sum(c => (long)c.GeneratedTokens)));
    }
}
