using System.Diagnostics;
using LLama;
using LLama.Batched;
using LLama.Common;
using LLama.Native;

/// <summary>
/// What a user would pick instead of our engine: LLamaSharp's <see cref="BatchedExecutor"/> with its default model
/// and context parameters (only the context and sequence count raised to fit the work), one conversation prompted
/// and forked N times, each sampled by the same chain and seed as our sample i.
/// </summary>
internal sealed class ExecutorLoop(LLamaWeights weights, BatchedExecutor executor) : IDisposable
{
    public static ExecutorLoop Load(string path, int sequences, int cellsPerSequence)
    {
        var parameters = new ModelParams(path) { ContextSize = (uint)(sequences * cellsPerSequence), SeqMax = (uint)Math.Max(1, sequences) };
        var weights = LLamaWeights.LoadFromFile(parameters);
        return new ExecutorLoop(weights, new BatchedExecutor(weights, parameters));
    }

    public (long Tokens, double Seconds) Run(LLamaToken[] prompt, int sequences, int maxTokens, ulong seed)
    {
        var watch = Stopwatch.StartNew();
        var request = MathCritique.Sampling.SamplingRequest.FromUser("", sequences, null, seed);
        var first = executor.Create();
        first.Prompt(prompt.AsSpan());
        executor.Infer().GetAwaiter().GetResult();
        var conversations = new List<LLama.Batched.Conversation> { first };
        for (int s = 1; s < sequences; s++)
            conversations.Add(first.Fork());
        var chains = Enumerable.Range(0, sequences).Select(s =>
        {
            var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
            chain.AddTemperature(1f);
            chain.AddDistributionSampler((uint)(request.SeedFor(s) ^ (request.SeedFor(s) >> 32)));
            return chain;
        }).ToArray();
        var made = new int[sequences];
        var done = new bool[sequences];
        long generated = 0;
        try
        {
            while (done.Any(d => !d))
            {
                for (int s = 0; s < sequences; s++)
                {
                    if (done[s])
                        continue;
                    var token = conversations[s].Sample(chains[s]);
                    made[s]++;
                    generated++;
                    done[s] = token.IsEndOfGeneration(weights.NativeHandle.Vocab) || made[s] >= maxTokens;
                    if (!done[s])
                        conversations[s].Prompt(token);
                }
                if (executor.BatchedTokenCount > 0)
                    executor.Infer().GetAwaiter().GetResult();
            }
        }
        finally
        {
            foreach (var chain in chains)
                chain.Dispose();
            foreach (var conversation in conversations)
                conversation.Dispose();
        }
        return (generated, watch.Elapsed.TotalSeconds);
    }

    public void Dispose()
    {
        executor.Dispose();
        weights.Dispose();
    }
}
