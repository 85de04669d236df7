using LLama.Native;
using MathCritique.Sampling;

namespace MathCritique.LlamaCpp.Inference;

/// <summary>
/// One sampling call on a llama.cpp context. Each distinct prompt is decoded once (all but its last token);
/// a sample starts by sharing that prefix in its own sequence (<c>seq_cp</c>) and feeding the last prompt token
/// in the common step batch, so every sample gets its first logits from the same kind of decode. All live
/// sequences of all requests advance together, one <c>llama_decode</c> per step; a finished sequence leaves the
/// batch and its slot (sequence id) goes to the next queued sample after its KV cells are cleared.
/// </summary>
internal sealed class BatchedGeneration
{
    private readonly SafeLLamaContextHandle _context;
    private readonly SafeLlamaModelHandle _model;
    private readonly int _contextSize;
    private readonly int _batchSize;
    private readonly LLamaBatch _batch = new();
    private readonly Slot[] _slots;
    private readonly Queue<Sample> _queue = new();
    private readonly Completion[][] _results;
    private readonly IProgress<SamplingProgress>? _progress;
    private readonly Action<int, int, string>? _onText;
    private readonly int _total;
    private int _done;
    private long _tokens;
    private byte[] _piece = new byte[64];

    private sealed class Prompt(LLamaToken[] tokens)
    {
        public LLamaToken[] Tokens { get; } = tokens;
        /// <summary>Tokens kept in the KV cache and shared by the prompt's samples: all but the last.</summary>
        public int PrefixLength => Tokens.Length - 1;
        public int PendingSamples { get; set; }
    }

    private sealed record Sample(int Request, int Index, Prompt Prompt, SamplingOptions Options, ulong Seed);

    private sealed class Live(Sample sample, SafeLLamaSamplerChainHandle chain, int position)
    {
        public Sample Sample { get; } = sample;
        public SafeLLamaSamplerChainHandle Chain { get; } = chain;
        public CompletionText Text { get; } = new(sample.Options.Stop);
        public LLamaToken Next { get; set; } = sample.Prompt.Tokens[^1];
        public int Position { get; set; } = position;
        public int Generated { get; set; }
        public int BatchIndex { get; set; }
    }

    /// <summary>A sequence id; <see cref="Holds"/> is the prompt whose prefix its KV cells still contain.</summary>
    private sealed class Slot(int id)
    {
        public LLamaSeqId Id { get; } = (LLamaSeqId)id;
        public Live? Live { get; set; }
        public Prompt? Holds { get; set; }
    }

    public BatchedGeneration(SafeLLamaContextHandle context, SafeLlamaModelHandle model, int slots, int batchSize,
        IReadOnlyList<SamplingRequest> requests, IReadOnlyList<LLamaToken[]> promptTokens, IProgress<SamplingProgress>? progress,
        Action<int, int, string>? onText = null)
    {
        _onText = onText;
        _context = context;
        _model = model;
        _contextSize = (int)context.ContextSize;
        _batchSize = batchSize;
        _slots = Enumerable.Range(0, slots).Select(i => new Slot(i)).ToArray();
        _progress = progress;
        _results = requests.Select(r => new Completion[r.N]).ToArray();
        var prompts = new Dictionary<string, Prompt>(StringComparer.Ordinal);
        for (int r = 0; r < requests.Count; r++)
        {
            var key = string.Join(',', promptTokens[r].Select(t => (int)t));
            if (!prompts.TryGetValue(key, out var prompt))
                prompts[key] = prompt = new Prompt(promptTokens[r]);
            prompt.PendingSamples += requests[r].N;
            for (int i = 0; i < requests[r].N; i++)
                _queue.Enqueue(new Sample(r, i, prompt, requests[r].Options, requests[r].SeedFor(i)));
        }
        _total = _queue.Count;
    }

    public IReadOnlyList<Completion[]> Run(CancellationToken cancellationToken)
    {
        try
        {
            while (_queue.Count > 0 || _slots.Any(s => s.Live is not null))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Admit();
                Step();
            }
            return _results;
        }
        finally
        {
            foreach (var slot in _slots)
                slot.Live?.Chain.Dispose();
        }
    }

    /// <summary>Advances every live sequence by one token.</summary>
    private void Step()
    {
        _batch.Clear();
        foreach (var slot in _slots)
        {
            if (slot.Live is not { } live)
                continue;
            live.BatchIndex = _batch.TokenCount;
            _batch.Add(live.Next, (LLamaPos)live.Position, slot.Id, true);
        }
        Decode();
        foreach (var slot in _slots)
        {
            if (slot.Live is not { } live)
                continue;
            var token = live.Chain.Sample(_context, live.BatchIndex);
            live.Generated++;
            FinishReason? finish = null;
            if (token.IsEndOfGeneration(_model.Vocab))
                finish = FinishReason.EndOfSequence;
            else if (live.Text.Append(Piece(token)))
                finish = FinishReason.StopString;
            else if (live.Generated >= live.Sample.Options.MaxTokens || live.Position + 1 >= _contextSize)
                finish = FinishReason.MaxTokens;
            if (finish is { } reason)
                Finish(slot, live, reason);
            else
            {
                live.Next = token;
                live.Position++;
                if (_onText is not null && live.Text.TakeStable() is { Length: > 0 } delta)
                    _onText(live.Sample.Request, live.Sample.Index, delta);
            }
        }
    }

    private void Finish(Slot slot, Live live, FinishReason reason)
    {
        var sample = live.Sample;
        var text = live.Text.Finish();
        if (_onText is not null && live.Text.TakeStable() is { Length: > 0 } rest)
            _onText(sample.Request, sample.Index, rest);
        _results[sample.Request][sample.Index] = new Completion(sample.Index, text, sample.Prompt.Tokens.Length, live.Generated, reason);
        live.Chain.Dispose();
        slot.Live = null;
        _done++;
        _tokens += live.Generated;
        _progress?.Report(new SamplingProgress(_done, _total, _tokens));
    }

    /// <summary>Starts queued samples in free slots while the KV cache has room for them.</summary>
    private void Admit()
    {
        var free = _slots.Where(s => s.Live is null).ToList();
        if (free.Count == 0 && _queue.Count > 0)
            return;
        // Slots that keep their cells this round can lend their prompt prefix to new samples.
        var assignments = new List<(Slot Slot, Sample Sample)>();
        long reserved = Reserved();
        foreach (var slot in free)
        {
            if (_queue.Count == 0)
                break;
            var next = _queue.Peek();
            long cost = Budget(next) + (_slots.Any(s => s.Holds == next.Prompt) ? 0 : next.Prompt.PrefixLength);
            bool anyLive = _slots.Any(s => s.Live is not null) || assignments.Count > 0;
            if (anyLive && reserved + cost > _contextSize)
                break;
            reserved += cost;
            assignments.Add((slot, _queue.Dequeue()));
        }

        var reassigned = assignments.Select(a => a.Slot).ToHashSet();
        var prefills = new List<(Slot Slot, Prompt Prompt)>();
        var copies = new List<(Slot From, Slot To, Prompt Prompt)>();
        var truncations = new List<(Slot Slot, Prompt Prompt)>();
        var established = new HashSet<Slot>();
        foreach (var (slot, sample) in assignments)
        {
            var prompt = sample.Prompt;
            if (slot.Holds == prompt)
                truncations.Add((slot, prompt));
            else
            {
                var source = _slots.FirstOrDefault(s => s != slot && s.Holds == prompt && (!reassigned.Contains(s) || established.Contains(s)));
                if (source is null)
                    prefills.Add((slot, prompt));
                else
                    copies.Add((source, slot, prompt));
            }
            established.Add(slot);
            slot.Holds = prompt;
        }

        // Order matters: truncate in place and clear destinations, decode new prefixes, then share them.
        foreach (var (slot, prompt) in truncations)
            _context.MemorySequenceRemove(slot.Id, (LLamaPos)prompt.PrefixLength, (LLamaPos)(-1));
        foreach (var (slot, _) in prefills)
            _context.MemorySequenceRemove(slot.Id, (LLamaPos)0, (LLamaPos)(-1));
        foreach (var (_, slot, _) in copies)
            _context.MemorySequenceRemove(slot.Id, (LLamaPos)0, (LLamaPos)(-1));
        Prefill(prefills);
        foreach (var (from, to, prompt) in copies)
        {
            if (prompt.PrefixLength > 0)
                _context.MemorySequenceCopy(from.Id, to.Id, (LLamaPos)0, (LLamaPos)prompt.PrefixLength);
        }
        foreach (var (slot, sample) in assignments)
        {
            sample.Prompt.PendingSamples--;
            slot.Live = new Live(sample, SequenceSampler.Create(sample.Options, sample.Seed), sample.Prompt.PrefixLength);
        }

        // Idle slots keep only a prefix some queued sample still needs; everything else is freed.
        foreach (var slot in _slots)
        {
            if (slot.Live is not null || slot.Holds is null)
                continue;
            var prompt = slot.Holds;
            if (prompt.PendingSamples > 0 && !_slots.Any(s => s != slot && s.Holds == prompt && (s.Live is not null || s.Id.Value < slot.Id.Value)))
                _context.MemorySequenceRemove(slot.Id, (LLamaPos)prompt.PrefixLength, (LLamaPos)(-1));
            else
            {
                _context.MemorySequenceRemove(slot.Id, (LLamaPos)0, (LLamaPos)(-1));
                slot.Holds = null;
            }
        }
    }

    /// <summary>KV cells the live sequences may still need, counting each resident prompt prefix once.</summary>
    private long Reserved() =>
        _slots.Where(s => s.Holds is not null).Select(s => s.Holds!).Distinct().Sum(p => (long)p.PrefixLength)
        + _slots.Where(s => s.Live is not null).Sum(s => Budget(s.Live!.Sample));

    private long Budget(Sample sample) => Math.Min(sample.Options.MaxTokens, Math.Max(1, _contextSize - sample.Prompt.PrefixLength)) + 1;

    private void Prefill(List<(Slot Slot, Prompt Prompt)> prefills)
    {
        _batch.Clear();
        foreach (var (slot, prompt) in prefills)
        {
            for (int i = 0; i < prompt.PrefixLength; i++)
            {
                if (_batch.TokenCount == _batchSize)
                {
                    Decode();
                    _batch.Clear();
                }
                _batch.Add(prompt.Tokens[i], (LLamaPos)i, slot.Id, false);
            }
        }
        if (_batch.TokenCount > 0)
            Decode();
        _batch.Clear();
    }

    private void Decode()
    {
        var result = _context.Decode(_batch);
        if (result == DecodeResult.Ok)
            return;
        throw result == DecodeResult.NoKvSlot
            ? new InvalidOperationException($"llama.cpp found no KV-cache room for the batch ({_contextSize} cells); raise LlamaEngineOptions.ContextSize or lower MaxParallelSequences.")
            : new InvalidOperationException($"llama_decode failed: {result}.");
    }

    private ReadOnlySpan<byte> Piece(LLamaToken token)
    {
        int length = (int)_model.TokenToSpan(token, _piece);
        if (length > _piece.Length)
        {
            _piece = new byte[length];
            length = (int)_model.TokenToSpan(token, _piece);
        }
        return _piece.AsSpan(0, length);
    }
}
