using System.Collections.Concurrent;
using MathCritique.LlamaCpp.Inference;
using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Training;
using MathCritique.Sampling;
using MathCritique.Training;

namespace MathCritique.LlamaCpp.Tests.Inference;

/// <summary>
/// The engine's thread invariant: models of one process decode on one compute thread (the CPU backend's OpenMP
/// slows every multi-threaded decode once a second thread has driven one), and that thread serves them all.
/// </summary>
public sealed class ComputeThreadTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    private static SamplingOptions Hot(int maxTokens) => new() { Temperature = 1f, MaxTokens = maxTokens };

    [Fact]
    public async Task Models_loaded_with_the_defaults_decode_on_one_shared_thread()
    {
        var other = Path.Combine(Path.GetDirectoryName(model.ModelPath)!, "other.gguf");
        LlamaModelFile.CreateRandom(TinyModelFixture.Config with { BlockCount = 3 }, seed: 11).Save(other);
        using var actor = await LlamaSampler.LoadAsync(model.ModelPath, TinyModelFixture.Options());
        using var critic = await LlamaSampler.LoadAsync(other, TinyModelFixture.Options());
        Assert.Same(LlamaComputeThread.Shared, actor.ComputeThread);
        Assert.Same(actor.ComputeThread, critic.ComputeThread);

        var threads = new ConcurrentBag<int>();
        var request = new[] { SamplingRequest.FromUser("Which thread?", n: 3, Hot(16), seed: 1) };
        await Task.WhenAll(
            actor.SampleAsync(request, null, (_, _, _) => threads.Add(Environment.CurrentManagedThreadId), default),
            critic.SampleAsync(request, null, (_, _, _) => threads.Add(Environment.CurrentManagedThreadId), default));
        Assert.NotEmpty(threads);
        Assert.All(threads, id => Assert.Equal(LlamaComputeThread.Shared.ManagedThreadId, id));
    }

    [Fact]
    public async Task Two_models_sampling_at_once_on_one_thread_give_what_each_gives_alone()
    {
        using var compute = new LlamaComputeThread();
        using var first = await LlamaSampler.LoadAsync(model.ModelPath, TinyModelFixture.Options(), compute);
        using var second = await LlamaSampler.LoadAsync(model.ModelPath, TinyModelFixture.Options(parallel: 2), compute);
        var a = SamplingRequest.FromUser("First caller", n: 4, Hot(20), seed: 3);
        var b = SamplingRequest.FromUser("Second caller", n: 3, Hot(30), seed: 5);
        var aloneA = (await first.SampleAsync(a)).Completions.Select(c => c.Text).ToArray();
        var aloneB = (await second.SampleAsync(b)).Completions.Select(c => c.Text).ToArray();

        var together = await Task.WhenAll(Task.Run(() => first.SampleAsync(a)), Task.Run(() => second.SampleAsync(b)));

        Assert.Equal(aloneA, together[0].Completions.Select(c => c.Text));
        Assert.Equal(aloneB, together[1].Completions.Select(c => c.Text));
    }

    [Fact]
    public async Task Disposing_one_model_fails_its_calls_and_leaves_the_other_model_working()
    {
        using var compute = new LlamaComputeThread();
        var disposed = await LlamaSampler.LoadAsync(model.ModelPath, TinyModelFixture.Options(), compute);
        using var survivor = await LlamaSampler.LoadAsync(model.ModelPath, TinyModelFixture.Options(), compute);
        var other = SamplingRequest.FromUser("The survivor", n: 2, Hot(40), seed: 4);
        var expected = (await survivor.SampleAsync(other)).Completions.Select(c => c.Text).ToArray();

        var started = new TaskCompletionSource();
        var victim = disposed.SampleAsync([SamplingRequest.FromUser("Dispose me mid-way", n: 3, Hot(400), seed: 2)], null, (_, _, _) => started.TrySetResult(), default);
        var running = survivor.SampleAsync(other);
        await started.Task;
        disposed.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => victim);
        Assert.Equal(expected, (await running).Completions.Select(c => c.Text));
    }

    [Fact]
    public async Task One_sequence_slot_gives_the_samples_of_many_slots()
    {
        // One slot uses llama.cpp's per-sequence cache layout; the samples must not depend on it.
        using var single = await LlamaSampler.LoadAsync(model.ModelPath, TinyModelFixture.Options(parallel: 1));
        var requests = new[]
        {
            SamplingRequest.FromUser("One at a time", n: 3, Hot(16), seed: 6),
            SamplingRequest.FromUser("Then me", n: 2, Hot(16), seed: 9),
        };
        var one = await single.SampleAsync(requests);
        var many = await model.Sampler.SampleAsync(requests);
        for (int r = 0; r < requests.Length; r++)
            Assert.Equal(many[r].Completions.Select(c => c.Text), one[r].Completions.Select(c => c.Text));
    }

    [Fact]
    public void Work_handed_to_the_thread_runs_on_it_and_its_errors_come_back()
    {
        using var compute = new LlamaComputeThread();
        Assert.Equal(compute.ManagedThreadId, compute.Run(() => Environment.CurrentManagedThreadId));
        Assert.Equal("boom", Assert.Throws<InvalidOperationException>(() => compute.Run<int>(() => throw new InvalidOperationException("boom"))).Message);
    }

    [Fact]
    public async Task A_trainer_runs_its_passes_on_the_compute_thread_it_is_given()
    {
        var stopped = new LlamaComputeThread();
        stopped.Dispose();
        var trainer = new LlamaTrainer(new TrainingOptions { Epochs = 1, BatchSize = 1, EvalFraction = 0 }, stopped);
        var tiny = LlamaModelFile.CreateRandom(TinyModelFixture.Config, seed: 3);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => trainer.TrainAsync(tiny, [new SftExample("2+2", "4")], ChatMlEncoder.ByteLevel));
    }

    [Fact]
    public void Flash_attention_is_on_by_default_only_for_heads_of_64_dimensions_or_more()
    {
        Assert.Null(new LlamaEngineOptions().FlashAttention);
        Assert.False(LlamaEngineOptions.FlashAttentionPays(32));
        Assert.True(LlamaEngineOptions.FlashAttentionPays(64));
    }
}
