using LLama.Native;
using MathCritique.LlamaCpp.Gguf;
using MathCritique.Sampling;

namespace MathCritique.LlamaCpp.Inference;

/// <summary>
/// The in-process llama.cpp engine: loads a GGUF model and samples many requests × N completions in batched decoding
/// (see <see cref="BatchedGeneration"/>). Deterministic for fixed seeds on one machine and build.
/// Thread-safety: one llama.cpp context serves all calls, so <see cref="SampleAsync"/> calls are serialised —
/// concurrent callers wait for each other; batch requests into one call (e.g. with <see cref="RequestBatch"/>) instead.
/// </summary>
public sealed class LlamaSampler : ISampler, IDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly SafeLLamaContextHandle _context;
    private readonly PromptFormatter _formatter;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private LlamaSampler(string path, SafeLlamaModelHandle model, SafeLLamaContextHandle context, LlamaEngineOptions options, string modelId)
    {
        ModelPath = path;
        _model = model;
        _context = context;
        Options = options;
        ModelId = modelId;
        _formatter = new PromptFormatter(model, options.ChatTemplate, path);
    }

    public string ModelId { get; }
    public string ModelPath { get; }
    public LlamaEngineOptions Options { get; }

    /// <summary>Loads a GGUF model. Bad files fail here with an error naming the file, before llama.cpp sees them.</summary>
    public static Task<LlamaSampler> LoadAsync(string modelPath, LlamaEngineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        options ??= new LlamaEngineOptions();
        options.Validate();
        return Task.Run(() => Load(Path.GetFullPath(modelPath), options), cancellationToken);
    }

    private static LlamaSampler Load(string path, LlamaEngineOptions options)
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
            contextParams.n_threads_batch = options.Threads;
            // One cache for all sequences: a prompt prefix is shared by seq_cp, not copied (split caches only copy whole streams).
            contextParams.kv_unified = true;
            contextParams.no_perf = true;
            var context = SafeLLamaContextHandle.Create(model, contextParams);
            var id = gguf.GetString("general.name") is { Length: > 0 } name ? name : Path.GetFileNameWithoutExtension(path);
            return new LlamaSampler(path, model, context, options, id);
        }
        catch
        {
            model.Dispose();
            throw;
        }
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
    internal async Task<IReadOnlyList<SamplingResult>> SampleAsync(
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

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Sample(requests, progress, onText, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private SamplingResult[] Sample(IReadOnlyList<SamplingRequest> requests, IProgress<SamplingProgress>? progress,
        Action<int, int, string>? onText, CancellationToken cancellationToken)
    {
        var prompts = new List<LLama.Native.LLamaToken[]>(requests.Count);
        for (int r = 0; r < requests.Count; r++)
        {
            var tokens = _formatter.Tokenize(requests[r]);
            if (tokens.Length == 0)
                throw new ArgumentException($"Request {r}: the prompt is empty after the chat template.", nameof(requests));
            if (tokens.Length >= Options.ContextSize)
                throw new ArgumentException($"Request {r}: the prompt has {tokens.Length} tokens; the context holds {Options.ContextSize} (LlamaEngineOptions.ContextSize).", nameof(requests));
            prompts.Add(tokens);
        }
        // A failed or cancelled call may leave cells behind; every call starts from an empty cache.
        _context.MemoryClear(false);
        try
        {
            var generation = new BatchedGeneration(_context, _model, Options.MaxParallelSequences, Options.BatchSize, requests, prompts, progress, onText);
            var completions = generation.Run(cancellationToken);
            return requests.Select((request, r) => new SamplingResult(request, completions[r])).ToArray();
        }
        finally
        {
            _context.MemoryClear(false);
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _context.Dispose();
        _model.Dispose();
        _gate.Dispose();
    }
}
