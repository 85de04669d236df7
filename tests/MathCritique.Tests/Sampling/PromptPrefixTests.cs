using MathCritique.Sampling;
using MathCritique.Tests.TestTime;

namespace MathCritique.Tests.Sampling;

/// <summary>Shared prompt prefixes, counted per scope by <see cref="RequestBatch.ForScope"/> (the scripted sampler counts a character a token).</summary>
public class PromptPrefixTests
{
    [Fact]
    public async Task A_scope_s_calls_count_the_leading_text_they_share_with_its_earlier_calls_over_every_send()
    {
        var sampler = new ScriptedSampler("m", (string _, ulong _) => "ok");
        var batch = new RequestBatch(sampler);
        var a = batch.ForScope("a");
        var first = a.Add("Question: 2 + 2?", SamplingOptions.Greedy, 1);
        var second = a.Add("Question: 2 + 2?", SamplingOptions.Greedy, 2);
        var other = batch.ForScope("b").Add("Question: 2 + 3?", SamplingOptions.Greedy, 1);
        var unscoped = batch.Add("Question: 2 + 2?", SamplingOptions.Greedy, 3);
        await batch.SendAsync(null, CancellationToken.None);

        // The first call of a scope computes its whole prompt, the same prompt again nothing new.
        Assert.Equal((16, 0), ((await first).PromptTokens, (await first).SharedPrefixTokens));
        Assert.Equal(16, (await second).SharedPrefixTokens);
        Assert.Equal(0, (await second).NewPromptTokens);
        // Another scope shares nothing with it, and without a scope nothing is counted.
        Assert.Equal(0, (await other).SharedPrefixTokens);
        Assert.Equal(0, (await unscoped).SharedPrefixTokens);

        // A later send of the same batch: the scope remembers what it sent.
        var later = a.Add("Question: 2 + 2? Check it.", SamplingOptions.Greedy, 1);
        await batch.SendAsync(null, CancellationToken.None);
        Assert.Equal((26, 16, 10), ((await later).PromptTokens, (await later).SharedPrefixTokens, (await later).NewPromptTokens));
    }
}
