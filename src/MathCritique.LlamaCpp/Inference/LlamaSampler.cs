using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LLama.Native;
using LLamaToken = LLama.Native.LLamaToken;
using MathCritique.LlamaCpp.Gguf;
using MathCritique.Prompts;
using MathCritique.Sampling;

namespace MathCritique.LlamaCpp.Inference;

/// <summary>
/// The in-process llama.cpp engine: loads a GGUF model and samples many requests × N completions in batched decoding
/// (see <see cref="BatchedGeneration"/>). Deterministic for fixed seeds on one machine and build.
/// Thread-safe: concurrent <see cref="SampleAsync"/> calls share one continuous batch (a call's samples join the
/// decode as soon as a sequence slot and KV room are free), so throughput grows with concurrency, as on a server.
/// </summary>
public sealed class LlamaSampler : IStreamingSampler, IDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly SafeLLamaContextHandle _context;
    private readonly PromptFormatter _formatter;
    private readonly BatchedGeneration _generation;
    private bool _disposed;

    private LlamaSampler(string path, SafeLlamaModelHandle model, SafeLLamaContextHandle context, LlamaEngineOptions options, LlamaComputeThread compute,
        string modelId, string? promptSet, string? inlineTool)
    {
        ModelPath = path;
        PromptSet = promptSet;
        InlineTool = inlineTool;
        _model = model;
        _context = context;
        Options = options;
        ModelId = modelId;
        _formatter = new PromptFormatter(model, options.ChatTemplate, path);
        ComputeThread = compute;
        _generation = new BatchedGeneration(context, model, options.MaxParallelSequences, options.BatchSize, options.UsesUnifiedKvCache, compute);
    }

    public string ModelId { get; }
    public string ModelPath { get; }
    public LlamaEngineOptions Options { get; }

    /// <summary>The most cells one sequence (prompt + completion) can fill.</summary>
    public int SequenceCells => _generation.SequenceCells;

    /// <summary>The thread this model decodes on, shared with the other models loaded with it.</summary>
    public LlamaComputeThread ComputeThread { get; }

    /// <summary>The prompt set the GGUF declares it was trained for (<see cref="Models.LlamaModelFile.PromptSetKey"/>); null for none.</summary>
    public string? PromptSet { get; }

    /// <summary>The inline tool the GGUF declares its output runs with (<see cref="Models.LlamaModelFile.InlineToolKey"/>); null for none.</summary>
    public string? InlineTool { get; }

    /// <summary>
    /// Loads a GGUF model that decodes on the process's shared <see cref="LlamaComputeThread"/>. Bad files fail here
    /// with an error naming the file, before llama.cpp sees them.
    /// </summary>
    public static Task<LlamaSampler> LoadAsync(string modelPath, LlamaEngineOptions? options = null, CancellationToken cancellationToken = default) =>
        LoadAsync(modelPath, options, LlamaComputeThread.Shared, cancellationToken);

    /// <summary>Loads a GGUF model that decodes on <paramref name="computeThread"/>.</summary>
    public static Task<LlamaSampler> LoadAsync(string modelPath, LlamaEngineOptions? options, LlamaComputeThread computeThread, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(computeThread);
        options ??= new LlamaEngineOptions();
        options.Validate();
        return Task.Run(() => Load(Path.GetFullPath(modelPath), options, computeThread), cancellationToken);
    }

    private static LlamaSampler Load(string path, LlamaEngineOptions options, LlamaComputeThread compute)
    {
        // Our own reader gives clear messages for missing/truncated files and catches what would crash llama.cpp.
        var gguf = GgufFile.Open(path);
        var tokenizer = gguf.GetString("tokenizer.ggml.model");
        if (tokenizer is null or "none")
            throw new GgufFormatException(path, $"tokenizer.ggml.model is {(tokenizer is null ? "missing" : "\"none\"")}; the engine needs a tokenizer");

        SafeLlamaModelHandle model;
        try
        {
            // NativeApi's static constructor selects and loads the native libraries (CPU variant) for every LLamaSharp type.
            NativeApi.llama_empty_call();
            model = SafeLlamaModelHandle.LoadFromFile(path, LLamaModelParams.Default());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new GgufFormatException(path, $"llama.cpp could not load the model ({e.Message})", e);
        }
        try
        {
            var contextParams = LLamaContextParams.Default();
            contextParams.n_ctx = (uint)options.ContextSize;
            contextParams.n_batch = (uint)options.BatchSize;
            contextParams.n_ubatch = (uint)options.BatchSize;
            contextParams.n_seq_max = (uint)options.MaxParallelSequences;
            contextParams.n_threads = options.Threads;
            contextParams.n_threads_batch = options.BatchThreads;
            contextParams.llama_flash_attn_type = options.FlashAttention ?? LlamaEngineOptions.FlashAttentionPays(HeadSize(gguf))
                ? LLamaFlashAttentionType.LLAMA_FLASH_ATTENTION_TYPE_ENABLED
                : LLamaFlashAttentionType.LLAMA_FLASH_ATTENTION_TYPE_DISABLED;
            contextParams.kv_unified = options.UsesUnifiedKvCache;
            contextParams.no_perf = true;
            var context = SafeLLamaContextHandle.Create(model, contextParams);
            var id = gguf.GetString("general.name") is { Length: > 0 } name ? name : Path.GetFileNameWithoutExtension(path);
            return new LlamaSampler(path, model, context, options, compute, id, gguf.GetString(Models.LlamaModelFile.PromptSetKey), gguf.GetString(Models.LlamaModelFile.InlineToolKey));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The attention head size the GGUF declares; 0 when it declares none.</summary>
    private static long HeadSize(GgufFile gguf)
    {
        var architecture = gguf.GetString("general.architecture");
        if (architecture is null)
            return 0;
        if (gguf.GetInteger($"{architecture}.attention.key_length") is { } keyLength)
            return keyLength;
        return gguf.GetInteger($"{architecture}.embedding_length") is { } embedding && gguf.GetInteger($"{architecture}.attention.head_count") is { } heads and > 0
            ? embedding / heads
            : 0;
    }

    /// <summary>The prompt text a request becomes after the chat template (for inspection and tests).</summary>
    public string FormatPrompt(SamplingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _formatter.Format(request);
    }

    public Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SampleAsync(requests, progress, null, cancellationToken);

    /// <summary>
    /// As <see cref="SampleAsync(IReadOnlyList{SamplingRequest}, IProgress{SamplingProgress}?, CancellationToken)"/>, also handing
    /// <paramref name="onText"/>(request, sample, delta) each piece of text as soon as it is final (stop strings can no longer cut it),
    /// on the decoding thread: keep the callback short.
    /// </summary>
    public async Task<IReadOnlyList<SamplingResult>> SampleAsync(
        IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress, Action<int, int, string>? onText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (int r = 0; r < requests.Count; r++)
        {
            try
            {
                requests[r].Validate();
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Request {r}: {e.Message}", nameof(requests), e);
            }
        }
        if (requests.Count == 0)
            return [];

        cancellationToken.ThrowIfCancellationRequested();
        var prompts = new List<LLamaToken[]>(requests.Count);
        for (int r = 0; r < requests.Count; r++)
        {
            var tokens = requests[r].RawPrompt ? _formatter.TokenizeRaw(requests[r]) : _formatter.Tokenize(requests[r]);
            if (tokens.Length == 0)
                throw new ArgumentException($"Request {r}: the prompt is empty{(requests[r].RawPrompt ? "" : " after the chat template")}.", nameof(requests));
            if (tokens.Length >= SequenceCells)
                throw new ArgumentException($"Request {r}: the prompt has {tokens.Length} tokens; a sequence holds {SequenceCells} (LlamaEngineOptions.ContextSize{(Options.UsesUnifiedKvCache ? "" : " / MaxParallelSequences")}).", nameof(requests));
            prompts.Add(tokens);
        }
        var completions = await _generation.Submit(new GenerationJob(requests, prompts, progress, onText, cancellationToken)).ConfigureAwait(false);
        return requests.Select((request, r) => new SamplingResult(request, completions[r])).ToArray();
    }

    /// <summary>
    /// Streams one request: text pieces as the decode thread finalises them (queued here, so the decode thread never
    /// waits for the reader), then each sample's finish. Leaving the enumeration early cancels the sampling.
    /// </summary>
    public async IAsyncEnumerable<SamplingUpdate> StreamAsync(SamplingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pieces = Channel.CreateUnbounded<SamplingUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampling = SampleAndCompleteAsync();
        try
        {
            await foreach (var piece in pieces.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return piece;
            foreach (var completion in (await sampling.ConfigureAwait(false))[0].Completions)
                yield return SamplingUpdate.Finished(completion);
        }
        finally
        {
            if (!sampling.IsCompleted)
            {
                await stopped.CancelAsync().ConfigureAwait(false);
                try
                {
                    await sampling.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Expected: we cancelled it.
                }
            }
        }

        async Task<IReadOnlyList<SamplingResult>> SampleAndCompleteAsync()
        {
            try
            {
                return await SampleAsync([request], null, (_, sample, delta) => pieces.Writer.TryWrite(new SamplingUpdate(sample, delta)), stopped.Token).ConfigureAwait(false);
            }
            finally
            {
                pieces.Writer.TryComplete();
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _generation.Dispose();
        _context.Dispose();
        _model.Dispose();
    }
}
