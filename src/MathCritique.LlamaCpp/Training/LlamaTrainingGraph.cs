using MathCritique.LlamaCpp.Models;
using MathCritique.LlamaCpp.Native;
using MathCritique.Prompts;

namespace MathCritique.LlamaCpp.Training;

/// <summary>
/// The llama forward pass as a ggml graph over a mini-batch of <c>B</c> windows of <c>T</c> tokens (no KV cache),
/// wired into a ggml-opt context with cross-entropy loss. Weights live in a static CPU buffer and are all trainable.
/// <para>
/// Attention keeps every tensor 3-D: the windows of the batch are folded into the head dimension
/// (<c>[head_dim, T, heads*B]</c>), with <c>ggml_cont</c> after each permute and causal masking by
/// <c>ggml_scale + ggml_diag_mask_inf + ggml_soft_max</c>. A construction with 4-D tensors and
/// <c>ggml_soft_max_ext</c> matched llama.cpp's forward but its attention-score gradients were wrong in this
/// ggml build; the gradient check in the tests guards this one.
/// </para>
/// </summary>
internal sealed class LlamaTrainingGraph : IDisposable
{
    // Graph size for the scheduler; ggml-opt sizes its own graphs.
    private const int SchedulerGraphSize = 16384;

    /// <summary>
    /// Deepest model for ggml-opt's static graphs: they hold at most GGML_DEFAULT_GRAPH_SIZE (2048) forward +
    /// backward tensors; 14 layers fit (measured), 16 abort the process inside ggml. Deeper models rebuild the
    /// graph every step (ggml-opt's dynamic mode) with a graph sized for them.
    /// </summary>
    public const int MaxStaticBlocks = 14;

    private readonly IntPtr _ctxStatic;
    private IntPtr _ctxCompute;
    private readonly nuint _ctxComputeSize;
    private readonly bool _dynamic;
    private readonly Dictionary<string, IntPtr> _gradientAccumulators = new(StringComparer.Ordinal);
    private long _backwardPasses;
    private readonly IntPtr _backend;
    private readonly IntPtr _buffer;
    private readonly IntPtr _sched;
    private readonly IntPtr _opt;
    private readonly IntPtr _forwardGraph;
    private readonly IntPtr _result;
    private readonly IntPtr _tokens;
    private readonly IntPtr _positions;
    private readonly IntPtr _rowMask;
    private readonly IntPtr _segmentMask;
    private readonly int[] _positionData;
    private readonly float[]? _segmentMaskData;
    private IntPtr _logits;
    private readonly Dictionary<string, IntPtr> _weights = new(StringComparer.Ordinal);
    private readonly float[] _labels;
    private readonly float[] _mask;
    private readonly int _accumulationSteps;
    private bool _disposed;

    /// <param name="buildType"><see cref="ForwardOnly"/> or <see cref="Ggml.BuildOpt"/>.</param>
    /// <param name="accumulationSteps">Backward passes per optimizer step (ggml-opt's <c>opt_period</c>); with 2 or more,
    /// <see cref="GetGradient"/> reads the accumulated gradients.</param>
    /// <param name="segmented">Windows may hold several examples: positions restart and attention stops at each
    /// example's start (see <see cref="SetBatch"/>).</param>
    public LlamaTrainingGraph(LlamaConfig config, int windowLength, int batchWindows, int threads, int buildType,
        IntPtr getOptimizerParams, IntPtr optimizerUserData, int accumulationSteps = 1, bool segmented = false, bool dynamicGraphs = false)
    {
        Ggml.EnsureLoaded();
        config.Validate();
        if (windowLength < 1 || batchWindows < 1 || accumulationSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(windowLength), "window length, batch size and accumulation steps must be >= 1");
        // ggml-opt (this build) asserts on static graphs of the GRAD build type: gradients come from OPT with opt_period > 1.
        if (buildType != ForwardOnly && buildType != Ggml.BuildOpt)
            throw new ArgumentOutOfRangeException(nameof(buildType), buildType, "ForwardOnly or BuildOpt");
        _accumulationSteps = accumulationSteps;
        _dynamic = buildType != ForwardOnly && (dynamicGraphs || config.BlockCount > MaxStaticBlocks);
        Config = config;
        WindowLength = windowLength;
        BatchWindows = batchWindows;
        int n = windowLength * batchWindows;
        _labels = new float[(long)config.VocabSize * n];
        _mask = new float[n];

        var shapes = LlamaModelFile.ExpectedShapes(config).ToArray();
        _ctxStatic = Ggml.init(new Ggml.InitParams { MemSize = (nuint)(shapes.Length + 8) * Ggml.tensor_overhead(), NoAlloc = 1 });
        foreach (var (name, shape) in shapes)
        {
            var t = shape.Length == 1
                ? Ggml.new_tensor_1d(_ctxStatic, Ggml.TypeF32, shape[0])
                : Ggml.new_tensor_2d(_ctxStatic, Ggml.TypeF32, shape[0], shape[1]);
            Ggml.set_name(t, name);
            Ggml.set_param(t);
            _weights[name] = t;
        }
        _tokens = Ggml.new_tensor_2d(_ctxStatic, Ggml.TypeI32, windowLength, batchWindows);
        Ggml.set_name(_tokens, "tokens");
        Ggml.set_input(_tokens);
        _positions = Ggml.new_tensor_1d(_ctxStatic, Ggml.TypeI32, n);
        Ggml.set_name(_positions, "positions");
        Ggml.set_input(_positions);
        _rowMask = Ggml.new_tensor_2d(_ctxStatic, Ggml.TypeF32, 1, n);
        Ggml.set_name(_rowMask, "loss_rows");
        Ggml.set_input(_rowMask);
        if (segmented)
        {
            // Additive attention mask per (head, window) slice: -inf where the key belongs to an earlier example.
            _segmentMask = Ggml.new_tensor_3d(_ctxStatic, Ggml.TypeF32, windowLength, windowLength, (long)config.HeadCount * batchWindows);
            Ggml.set_name(_segmentMask, "segment_mask");
            Ggml.set_input(_segmentMask);
            _segmentMaskData = new float[(long)windowLength * windowLength * config.HeadCount * batchWindows];
        }

        _backend = Ggml.backend_cpu_init();
        Ggml.backend_cpu_set_n_threads(_backend, threads);
        _buffer = Ggml.backend_alloc_ctx_tensors(_ctxStatic, _backend);

        _positionData = new int[n];
        for (int i = 0; i < n; i++)
            _positionData[i] = i % windowLength;
        Ggml.Upload(_positions, _positionData);
        if (segmented)
            Ggml.Upload(_segmentMask, _segmentMaskData);

        _ctxComputeSize = (nuint)SchedulerGraphSize * Ggml.tensor_overhead() + 4 * Ggml.graph_overhead_custom(SchedulerGraphSize, true);
        _ctxCompute = Ggml.init(new Ggml.InitParams { MemSize = _ctxComputeSize, NoAlloc = 1 });
        _logits = BuildForward();

        unsafe
        {
            var backend = _backend;
            _sched = Ggml.backend_sched_new(&backend, null, 1, SchedulerGraphSize, false, true);
        }
        if (buildType == ForwardOnly)
        {
            // Logits only (no ggml-opt): ggml-opt computes a private copy of the graph whose outputs can't be read.
            _forwardGraph = Ggml.new_graph_custom(_ctxCompute, SchedulerGraphSize, false);
            Ggml.build_forward_expand(_forwardGraph, _logits);
            return;
        }
        var p = Ggml.opt_default_params(_sched, Ggml.LossCrossEntropy);
        if (!_dynamic)
        {
            p.CtxCompute = _ctxCompute;
            p.Inputs = _tokens;
            p.Outputs = _logits;
        }
        p.BuildType = buildType;
        p.OptPeriod = accumulationSteps;
        p.Optimizer = Ggml.OptimizerAdamW;
        if (getOptimizerParams != IntPtr.Zero)
        {
            p.GetOptPars = getOptimizerParams;
            p.GetOptParsUserData = optimizerUserData;
        }
        _opt = Ggml.opt_init(p);
        _result = Ggml.opt_result_init();
    }

    /// <summary>Build type for a graph that only computes logits (<see cref="GetLogits"/>).</summary>
    public const int ForwardOnly = 0;

    public LlamaConfig Config { get; }
    public int WindowLength { get; }
    public int BatchWindows { get; }
    public int TokensPerBatch => WindowLength * BatchWindows;

    private IntPtr BuildForward()
    {
        var c = Config;
        IntPtr ctx = _ctxCompute;
        int t = WindowLength, b = BatchWindows, n = t * b;
        int hd = c.HeadDimension, h = c.HeadCount, hkv = c.HeadCountKv;
        float eps = c.RmsEpsilon;
        IntPtr W(string name) => _weights[name];
        IntPtr Norm(IntPtr x, string weight) => Ggml.mul(ctx, Ggml.rms_norm(ctx, x, eps), W(weight));
        IntPtr Rope(IntPtr x) => Ggml.rope_ext(ctx, x, _positions, IntPtr.Zero, hd, Ggml.RopeModeNorm, c.ContextLength,
            c.RopeFreqBase, 1f, 0f, 1f, 32f, 1f);
        // [hd, heads, T*B] -> [hd, T, heads*B]: one 2-D attention problem per (head, window).
        IntPtr HeadsMajor(IntPtr x, int heads) =>
            Ggml.reshape_3d(ctx, Ggml.cont(ctx, Ggml.permute(ctx, Ggml.reshape_4d(ctx, x, hd, heads, t, b), 0, 2, 1, 3)), hd, t, (long)heads * b);

        var x = Ggml.get_rows(ctx, W("token_embd.weight"), Ggml.reshape_1d(ctx, _tokens, n));
        for (int layer = 0; layer < c.BlockCount; layer++)
        {
            string p = $"blk.{layer}.";
            var hIn = Norm(x, p + "attn_norm.weight");
            var q = Rope(Ggml.reshape_3d(ctx, Ggml.mul_mat(ctx, W(p + "attn_q.weight"), hIn), hd, h, n));
            var k = Rope(Ggml.reshape_3d(ctx, Ggml.mul_mat(ctx, W(p + "attn_k.weight"), hIn), hd, hkv, n));
            var v = Ggml.mul_mat(ctx, W(p + "attn_v.weight"), hIn);
            var qh = HeadsMajor(q, h);
            var kh = HeadsMajor(k, hkv);
            // V transposed per head: [T, hd, hkv*B].
            var vt = Ggml.reshape_3d(ctx, Ggml.cont(ctx, Ggml.permute(ctx, Ggml.reshape_4d(ctx, v, hd, hkv, t, b), 1, 2, 0, 3)), t, hd, (long)hkv * b);
            var scores = Ggml.scale(ctx, Ggml.mul_mat(ctx, kh, qh), 1f / MathF.Sqrt(hd)); // [T_k, T_q, h*B]
            if (_segmentMask != IntPtr.Zero)
                scores = Ggml.add(ctx, scores, _segmentMask);
            var probs = Ggml.soft_max(ctx, Ggml.diag_mask_inf(ctx, scores, 0));
            var heads = Ggml.mul_mat(ctx, vt, probs); // [hd, T_q, h*B]
            var merged = Ggml.reshape_2d(ctx, Ggml.cont(ctx, Ggml.permute(ctx, Ggml.reshape_4d(ctx, heads, hd, t, h, b), 0, 2, 1, 3)), c.EmbeddingLength, n);
            x = Ggml.add(ctx, x, Ggml.mul_mat(ctx, W(p + "attn_output.weight"), merged));

            var f = Norm(x, p + "ffn_norm.weight");
            var gate = Ggml.silu(ctx, Ggml.mul_mat(ctx, W(p + "ffn_gate.weight"), f));
            var up = Ggml.mul_mat(ctx, W(p + "ffn_up.weight"), f);
            x = Ggml.add(ctx, x, Ggml.mul_mat(ctx, W(p + "ffn_down.weight"), Ggml.mul(ctx, gate, up)));
        }
        var logits = Ggml.mul_mat(ctx, W("output.weight"), Norm(x, "output_norm.weight")); // [V, T*B]
        // Rows outside the loss get logits 0 (and zero labels): no loss, no gradient from the prompt.
        logits = Ggml.mul(ctx, logits, _rowMask);
        Ggml.set_name(logits, "logits");
        Ggml.set_output(logits);
        return logits;
    }

    public void LoadWeights(LlamaModelFile model)
    {
        foreach (var tensor in model.Tensors)
            Ggml.Upload(_weights[tensor.Name], tensor.Data);
    }

    public void SetWeight(string name, ReadOnlySpan<float> data) => Ggml.Upload(_weights[name], data);

    public float[] GetWeight(string name)
    {
        var t = _weights[name];
        var data = new float[Ggml.nelements(t)];
        Ggml.Download(t, data);
        return data;
    }

    /// <summary>Gradient accumulated for a weight since the last optimizer step (needs accumulation steps >= 2;
    /// it is the gradient of the loss divided by the accumulation steps).</summary>
    public float[] GetGradient(string name)
    {
        var acc = _dynamic ? _gradientAccumulators.GetValueOrDefault(name) : Ggml.opt_grad_acc(_opt, _weights[name]);
        if (acc == IntPtr.Zero)
            throw new InvalidOperationException($"No gradient accumulator for {name}.");
        var data = new float[Ggml.nelements(acc)];
        Ggml.Download(acc, data);
        return data;
    }

    /// <summary>Copies the current weights into a model file with the same config.</summary>
    public LlamaModelFile ToModelFile(LlamaModelFile template) =>
        new(template.Config, template.Tensors.Select(t => new Gguf.GgufTensor(t.Name, t.Shape, GetWeight(t.Name))).ToArray(),
            template.Name, template.Tokenizer, template.PromptSet, template.InlineTool);

    /// <summary>
    /// Sets one mini-batch: <paramref name="tokens"/> has <see cref="TokensPerBatch"/> ids; <paramref name="targets"/>
    /// the next-token id per position or -1 for positions outside the loss. Returns the number of loss positions.
    /// </summary>
    /// <param name="positions">For a segmented graph, each token's position within its example (0 starts an
    /// example); null keeps one sequence per window.</param>
    public int SetBatch(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, ReadOnlySpan<int> positions = default)
    {
        int n = TokensPerBatch, v = Config.VocabSize;
        if (tokens.Length != n || targets.Length != n)
            throw new ArgumentException($"A batch has {n} tokens and targets.");
        if (!positions.IsEmpty)
            SetSegments(positions);
        Array.Clear(_labels);
        int counted = 0;
        for (int i = 0; i < n; i++)
        {
            int target = targets[i];
            if (target >= v)
                throw new ArgumentOutOfRangeException(nameof(targets), $"target {target} is outside the vocabulary ({v})");
            if ((uint)tokens[i] >= (uint)v)
                throw new ArgumentOutOfRangeException(nameof(tokens), $"token {tokens[i]} is outside the vocabulary ({v})");
            _mask[i] = target >= 0 ? 1f : 0f;
            if (target >= 0)
            {
                _labels[(long)i * v + target] = 1f;
                counted++;
            }
        }
        Ggml.Upload(_tokens, tokens);
        Ggml.Upload(_rowMask, _mask);
        if (_opt != IntPtr.Zero && !_dynamic)
            Ggml.Upload(Ggml.opt_labels(_opt), _labels);
        return counted;
    }

    private void SetSegments(ReadOnlySpan<int> positions)
    {
        if (_segmentMaskData is null)
            throw new InvalidOperationException("Positions per example need a segmented graph.");
        int t = WindowLength, heads = Config.HeadCount;
        if (positions.Length != TokensPerBatch)
            throw new ArgumentException($"A batch has {TokensPerBatch} positions.");
        positions.CopyTo(_positionData);
        for (int w = 0; w < BatchWindows; w++)
        {
            var slice = _segmentMaskData.AsSpan(checked(w * heads * t * t), t * t);
            for (int q = 0; q < t; q++)
            {
                int start = q - positions[w * t + q]; // first key of the query's example
                if (start < 0 || positions[w * t + q] < 0)
                    throw new ArgumentException($"Position {positions[w * t + q]} at offset {q} of window {w} runs before the window start.");
                var row = slice.Slice(q * t, t);
                row[..start].Fill(float.NegativeInfinity);
                row[start..].Clear();
            }
            for (int h = 1; h < heads; h++)
                slice.CopyTo(_segmentMaskData.AsSpan((w * heads + h) * t * t, t * t));
        }
        Ggml.Upload(_positions, _positionData);
        Ggml.Upload(_segmentMask, _segmentMaskData);
    }

    /// <summary>
    /// Runs the set batch: forward only, forward + backward (GRAD build) or forward + backward + optimizer step.
    /// Returns the summed cross-entropy over the loss positions.
    /// </summary>
    public double Run(bool backward)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_opt == IntPtr.Zero)
        {
            Ggml.backend_sched_reset(_sched);
            if (!Ggml.backend_sched_alloc_graph(_sched, _forwardGraph) || Ggml.backend_sched_graph_compute(_sched, _forwardGraph) != 0)
                throw new InvalidOperationException("ggml failed to compute the forward graph.");
            return double.NaN;
        }
        Ggml.opt_result_reset(_result);
        if (_dynamic)
            PrepareDynamicGraph();
        Ggml.opt_alloc(_opt, backward);
        if (_dynamic)
        {
            // Labels live in the per-step compute buffer; this ggml build also leaves gradient accumulators
            // of dynamic graphs holding the previous step's sums, so each accumulation cycle starts from zero.
            Ggml.Upload(Ggml.opt_labels(_opt), _labels);
            if (backward && _backwardPasses % _accumulationSteps == 0)
                ZeroGradientAccumulators();
        }
        if (backward)
            _backwardPasses++;
        Ggml.opt_eval(_opt, _result);
        // ggml's cross entropy is the mean over all rows, divided by opt_period; masked rows contribute exactly 0.
        return (double)Ggml.ReadScalar(Ggml.opt_loss(_opt)) * TokensPerBatch * _accumulationSteps;
    }

    private void PrepareDynamicGraph()
    {
        Ggml.free(_ctxCompute);
        _ctxCompute = Ggml.init(new Ggml.InitParams { MemSize = _ctxComputeSize, NoAlloc = 1 });
        _logits = BuildForward();
        var graph = Ggml.new_graph_custom(_ctxCompute, SchedulerGraphSize, true);
        Ggml.build_forward_expand(graph, _logits);
        Ggml.opt_prepare_alloc(_opt, _ctxCompute, graph, _tokens, _logits);
    }

    private void ZeroGradientAccumulators()
    {
        foreach (var (name, weight) in _weights)
        {
            var acc = Ggml.opt_grad_acc(_opt, weight);
            if (acc == IntPtr.Zero)
                throw new InvalidOperationException($"ggml-opt has no gradient accumulator for {name}.");
            _gradientAccumulators[name] = acc; // persistent tensors: readable after the step's graphs are gone
            Ggml.backend_tensor_memset(acc, 0, 0, Ggml.nbytes(acc));
        }
    }

    /// <summary>Logits of the last run of a <see cref="ForwardOnly"/> graph, row-major [T*B, V].</summary>
    public float[] GetLogits()
    {
        if (_opt != IntPtr.Zero)
            throw new InvalidOperationException("Logits are readable only from a forward-only graph.");
        var data = new float[(long)TokensPerBatch * Config.VocabSize];
        Ggml.Download(_logits, data);
        return data;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_opt != IntPtr.Zero)
        {
            Ggml.opt_result_free(_result);
            Ggml.opt_free(_opt);
        }
        Ggml.backend_sched_free(_sched);
        Ggml.backend_buffer_free(_buffer);
        Ggml.backend_free(_backend);
        Ggml.free(_ctxCompute);
        Ggml.free(_ctxStatic);
    }
}
