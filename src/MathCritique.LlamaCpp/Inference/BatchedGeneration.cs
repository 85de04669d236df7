using LLama.Native;
using MathCritique.Sampling;

namespace MathCritique.LlamaCpp.Inference;

/// <summary>
/// Continuous batching on one llama.cpp context. Callers <see cref="Submit"/> jobs (requests × N samples) at any
/// time; the <see cref="LlamaComputeThread"/> owns the context's decoding and advances every live sequence of every
/// job together, one <c>llama_decode</c> per step. Each distinct prompt is decoded once (all but its last token); a
/// sample starts by sharing that prefix in its own sequence (<c>seq_cp</c>) and feeding the last prompt token in the
/// common step batch, so every sample gets its first logits from the same kind of decode. A finished sequence leaves
/// the batch and its slot (sequence id) goes to the next queued sample — of the same job or of one submitted since —
/// after its KV cells are cleared. A job completes as soon as its own samples are done.
/// </summary>
internal sealed class BatchedGeneration : LlamaComputeThread.IStepper, IDisposable
{
    private readonly SafeLLamaContextHandle _context;
    private readonly SafeLlamaModelHandle _model;
    private readonly LlamaComputeThread _compute;
    private readonly int _contextSize;
    private readonly bool _unified;

    private readonly int _batchSize;
    private readonly LLamaBatch _batch = new();
    private readonly Slot[] _slots;
    private readonly LinkedList<Sample> _queue = new();
    private readonly Dictionary<string, Prompt> _queuedPrompts = new(StringComparer.Ordinal);
    private readonly List<GenerationJob> _jobs = [];
    private readonly Queue<GenerationJob> _incoming = new();
    private readonly object _stepping = new();
    private bool _idle = true;
    private bool _disposed;
    private byte[] _piece = new byte[64];

    private sealed class Prompt(string key, LLamaToken[] tokens)
    {
        public string Key { get; } = key;
        public LLamaToken[] Tokens { get; } = tokens;
        /// <summary>Tokens kept in the KV cache and shared by the prompt's samples: all but the last.</summary>
        public int PrefixLength => Tokens.Length - 1;
        public int PendingSamples { get; set; }
    }

    private sealed record Sample(GenerationJob Job, int Request, int Index, Prompt Prompt, SamplingOptions Options, ulong Seed);

    private sealed class Live(Sample sample, SafeLLamaSamplerChainHandle chain, int position)
    {
        public Sample Sample { get; } = sample;
        public SafeLLamaSamplerChainHandle Chain { get; } = chain;
        public CompletionText Text { get; } = new(sample.Options.Stop);
        public LLamaToken Next { get; set; } = sample.Prompt.Tokens[^1];
        public int Position { get; set; } = position;
        public int Generated { get; set; }
        public int BatchIndex { get; set; }
        /// <summary>Tokens an inline tool wrote, fed before sampling resumes.</summary>
        public Queue<LLamaToken> Forced { get; } = new();
    }

    /// <summary>A sequence id; <see cref="Holds"/> is the prompt whose prefix its KV cells still contain.</summary>
    private sealed class Slot(int id)
    {
        public LLamaSeqId Id { get; } = (LLamaSeqId)id;
        public Live? Live { get; set; }
        public Prompt? Holds { get; set; }
    }

    /// <param name="unified">
    /// One KV cache for all sequences (prefixes shared by reference, every decode attends over the cells in use) or
    /// one stream per sequence (a prefix is copied with the whole stream, a decode attends over its own cells).
    /// </param>
    public BatchedGeneration(SafeLLamaContextHandle context, SafeLlamaModelHandle model, int slots, int batchSize, bool unified, LlamaComputeThread compute)
    {
        _context = context;
        _model = model;
        _compute = compute;
        _unified = unified;
        _contextSize = (int)context.ContextSize;
        SequenceCells = unified ? _contextSize : _contextSize / slots;
        _batchSize = batchSize;
        _slots = Enumerable.Range(0, slots).Select(i => new Slot(i)).ToArray();
        compute.Add(this);
    }

    /// <summary>Cells one sequence can reach: the whole cache when it is unified, its own stream when split.</summary>
    public int SequenceCells { get; }

    /// <summary>Queues a job; its task completes when all its samples are done, or fails/cancels on its own.</summary>
    public Task<Completion[][]> Submit(GenerationJob job)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Wake the compute thread when a job is cancelled while it waits for work, so it is dropped promptly.
        job.CancellationRegistration = job.CancellationToken.Register(_compute.Wake);
        lock (_incoming)
            _incoming.Enqueue(job);
        _compute.Wake();
        return job.Task;
    }

    /// <summary>One turn on the compute thread: take new jobs, drop cancelled ones, admit queued samples, advance every live sequence by a token.</summary>
    public bool Step()
    {
        lock (_stepping)
        {
            if (_disposed)
                return false;
            try
            {
                TakeIncoming();
                DropCancelled();
                if (_queue.Count == 0 && _slots.All(s => s.Live is null))
                {
                    if (!_idle)
                        Idle();
                    return false;
                }
                _idle = false;
                Admit();
                Advance();
            }
            catch (Exception e)
            {
                // A failed decode leaves the cache in an unknown state: fail everything in flight and start clean.
                FailAll(e);
            }
            return true;
        }
    }

    private void TakeIncoming()
    {
        while (true)
        {
            GenerationJob job;
            lock (_incoming)
            {
                if (!_incoming.TryDequeue(out job!))
                    return;
            }
            if (job.Total == 0)
            {
                job.Complete();
                continue;
            }
            _jobs.Add(job);
            for (int r = 0; r < job.Requests.Count; r++)
            {
                var key = string.Join(',', job.PromptTokens[r].Select(t => (int)t));
                if (!_queuedPrompts.TryGetValue(key, out var prompt))
                    _queuedPrompts[key] = prompt = new Prompt(key, job.PromptTokens[r]);
                var request = job.Requests[r];
                prompt.PendingSamples += request.N;
                for (int i = 0; i < request.N; i++)
                    _queue.AddLast(new Sample(job, r, i, prompt, request.Options, request.SeedFor(i)));
            }
        }
    }

    /// <summary>Removes the queued and live samples of cancelled jobs and cancels their tasks.</summary>
    private void DropCancelled()
    {
        if (!_jobs.Any(j => j.CancellationToken.IsCancellationRequested))
            return;
        foreach (var job in _jobs.Where(j => j.CancellationToken.IsCancellationRequested).ToList())
        {
            Discard(job);
            job.Cancel();
        }
    }

    private void Discard(GenerationJob job)
    {
        for (var node = _queue.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Job == job)
            {
                Release(node.Value.Prompt);
                _queue.Remove(node);
            }
            node = next;
        }
        foreach (var slot in _slots)
        {
            if (slot.Live is { } live && live.Sample.Job == job)
            {
                live.Chain.Dispose();
                slot.Live = null;
            }
        }
        _jobs.Remove(job);
    }

    private void FailAll(Exception e)
    {
        foreach (var job in _jobs.ToList())
        {
            Discard(job);
            job.Fail(e);
        }
        lock (_incoming)
        {
            while (_incoming.TryDequeue(out var job))
                job.Fail(e);
        }
        Idle();
    }

    /// <summary>Nothing live or queued: clear the cache so the next job starts from empty cells.</summary>
    private void Idle()
    {
        foreach (var slot in _slots)
        {
            slot.Live?.Chain.Dispose();
            slot.Live = null;
            slot.Holds = null;
        }
        _queue.Clear();
        _queuedPrompts.Clear();
        _context.MemoryClear(false);
        _idle = true;
    }

    private void Release(Prompt prompt)
    {
        // A job submitted later with the same tokens gets a fresh entry (its prefix is decoded again).
        if (--prompt.PendingSamples == 0 && _queuedPrompts.GetValueOrDefault(prompt.Key) == prompt)
            _queuedPrompts.Remove(prompt.Key);
    }

    /// <summary>Advances every live sequence by one token.</summary>
    private void Advance()
    {
        _batch.Clear();
        foreach (var slot in _slots)
        {
            if (slot.Live is not { } live)
                continue;
            live.BatchIndex = _batch.TokenCount;
            _batch.Add(live.Next, (LLamaPos)live.Position, slot.Id, true);
        }
        if (_batch.TokenCount == 0)
            return;
        Decode();
        foreach (var slot in _slots)
        {
            if (slot.Live is not { } live)
                continue;
            // A greedy or seeded chain keeps no state from the tokens it picks, so a forced token needs no accept.
            var token = live.Forced.TryDequeue(out var forced) ? forced : live.Chain.Sample(_context, live.BatchIndex);
            live.Generated++;
            FinishReason? finish = null;
            if (token.IsEndOfGeneration(_model.Vocab))
                finish = FinishReason.EndOfSequence;
            else if (live.Text.Append(Piece(token)))
                finish = FinishReason.StopString;
            else if (live.Generated >= live.Sample.Options.MaxTokens || live.Position + 1 >= SequenceCells)
                finish = FinishReason.MaxTokens;
            if (finish is { } reason)
                Finish(slot, live, reason);
            else
            {
                live.Next = token;
                live.Position++;
                if (live.Forced.Count == 0 && live.Sample.Options.Tool is { } tool && tool.TextAfter(live.Text.Current) is { Length: > 0 } insert)
                {
                    foreach (var t in _model.Tokenize(insert, false, false, System.Text.Encoding.UTF8))
                        live.Forced.Enqueue(t);
                }
                if (live.Sample.Job.OnText is { } onText && live.Text.TakeStable() is { Length: > 0 } delta)
                    onText(live.Sample.Request, live.Sample.Index, delta);
            }
        }
    }

    private void Finish(Slot slot, Live live, FinishReason reason)
    {
        var sample = live.Sample;
        var job = sample.Job;
        var text = live.Text.Finish();
        if (job.OnText is { } onText && live.Text.TakeStable() is { Length: > 0 } rest)
            onText(sample.Request, sample.Index, rest);
        live.Chain.Dispose();
        slot.Live = null;
        if (job.Record(sample.Request, new Completion(sample.Index, text, sample.Prompt.Tokens.Length, live.Generated, reason)))
        {
            _jobs.Remove(job);
            job.Complete();
        }
    }

    /// <summary>Starts queued samples in free slots while the KV cache has room for them.</summary>
    private void Admit()
    {
        // Nothing queued and no idle slot holding cells: nothing to do (the common case mid-generation, checked without allocating).
        if (_queue.Count == 0 && _slots.All(s => s.Live is not null || s.Holds is null))
            return;
        var free = _slots.Where(s => s.Live is null).ToList();
        if (free.Count == 0)
            return; // no slot to fill and none idle to clean up
        // Slots that keep their cells this round can lend their prompt prefix to new samples.
        var assignments = new List<(Slot Slot, Sample Sample)>();
        long reserved = Reserved();
        foreach (var slot in free)
        {
            if (_queue.First is not { } node)
                break;
            var next = node.Value;
            long cost = Budget(next) + (_slots.Any(s => s.Holds == next.Prompt) ? 0 : next.Prompt.PrefixLength);
            bool anyLive = _slots.Any(s => s.Live is not null) || assignments.Count > 0;
            if (_unified && anyLive && reserved + cost > _contextSize)
                break;
            reserved += cost;
            _queue.RemoveFirst();
            assignments.Add((slot, next));
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
            if (prompt.PrefixLength == 0)
                continue;
            if (_unified)
                _context.MemorySequenceCopy(from.Id, to.Id, (LLamaPos)0, (LLamaPos)prompt.PrefixLength);
            else
            {
                // A split cache copies only whole streams: copy, then drop what the source generated after the prefix.
                _context.MemorySequenceCopy(from.Id, to.Id, (LLamaPos)(-1), (LLamaPos)(-1));
                _context.MemorySequenceRemove(to.Id, (LLamaPos)prompt.PrefixLength, (LLamaPos)(-1));
            }
        }
        foreach (var (slot, sample) in assignments)
        {
            Release(sample.Prompt);
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

    private long Budget(Sample sample) => Math.Min(sample.Options.MaxTokens, Math.Max(1, SequenceCells - sample.Prompt.PrefixLength)) + 1;

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

    /// <summary>Stops decoding (failing unfinished jobs) after the current step; the caller disposes the context afterwards.</summary>
    public void Dispose()
    {
        lock (_stepping)
        {
            if (_disposed)
                return;
            _disposed = true;
            _compute.Remove(this);
            FailAll(new ObjectDisposedException(nameof(LlamaSampler), "The sampler was disposed while sampling."));
        }
    }
}
