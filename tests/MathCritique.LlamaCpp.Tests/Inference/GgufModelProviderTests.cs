using MathCritique.LlamaCpp.Inference;
using MathCritique.LlamaCpp.Models;
using MathCritique.Models;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.LlamaCpp.Tests.Inference;

/// <summary>Opening GGUF addresses through the library's model-opening interface, as commands and loops do.</summary>
public sealed class GgufModelProviderTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    [Fact]
    public async Task A_gguf_opens_with_its_declared_tags_unless_the_address_overrides_them()
    {
        string tagged = Path.Combine(Path.GetDirectoryName(model.ModelPath)!, "tagged.gguf");
        LlamaModelFile.Retag(model.ModelPath, tagged, "lab-stepwise", "calculator");
        var opener = new ModelOpener([new GgufModelProvider(TinyModelFixture.Options())]);

        using (var declared = await opener.OpenAsync(tagged))
        {
            Assert.Equal("lab-stepwise", declared.PromptSet);
            Assert.Equal("calculator", declared.InlineTools);
            Assert.Matches(@"\(tagged\.gguf, sha256 [0-9a-f]{16}\)$", declared.Identity);
            var completion = (await declared.Sampler.SampleAsync(SamplingRequest.FromUser("Hi", options: new() { MaxTokens = 4 }))).Completions[0];
            Assert.True(completion.GeneratedTokens > 0);
        }
        using var overridden = await opener.OpenAsync(tagged + "?prompts=paper&tools=none");
        Assert.Equal("paper", overridden.PromptSet);
        Assert.Equal("none", overridden.InlineTools);
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        var opener = new ModelOpener([new GgufModelProvider(TinyModelFixture.Options())]);
        var e = await Assert.ThrowsAsync<ModelNotFoundException>(() => opener.OpenAsync("no/such/model.gguf"));
        Assert.Contains("Model file not found:", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("no", "such", "model.gguf"), e.Message, StringComparison.Ordinal);
    }
}
