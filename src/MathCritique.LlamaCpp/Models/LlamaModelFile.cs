using MathCritique.LlamaCpp.Gguf;
using MathCritique.Prompts;

namespace MathCritique.LlamaCpp.Models;

/// <summary>
/// A llama-architecture model held as f32 tensors in memory: what the trainer trains and what
/// <see cref="Save"/> writes as a GGUF llama.cpp loads. Tensor names and ggml shapes are llama.cpp's.
/// </summary>
public sealed class LlamaModelFile
{
    /// <summary>The metadata key naming the prompt set a model was trained for (e.g. <c>lab-stepwise</c>).</summary>
    public const string PromptSetKey = "mathcritique.prompts";

    /// <summary>The metadata key naming the inline tool a model was trained to work with (e.g. <c>calculator</c>).</summary>
    public const string InlineToolKey = "mathcritique.tool";

    public LlamaModelFile(LlamaConfig config, IReadOnlyList<GgufTensor> tensors, string name = "mathcritique-lab",
        IReadOnlyDictionary<string, (GgufValueType Type, object Value)>? tokenizer = null, string? promptSet = null, string? inlineTool = null)
    {
        Tokenizer = tokenizer;
        PromptSet = promptSet;
        InlineTool = inlineTool;
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        Tensors = tensors;
        Name = name;
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var (tensorName, shape) in ExpectedShapes(config))
        {
            if (!byName.TryGetValue(tensorName, out var tensor))
                throw new ArgumentException($"Missing tensor {tensorName}.", nameof(tensors));
            if (!tensor.Shape.SequenceEqual(shape))
                throw new ArgumentException($"Tensor {tensorName} has shape [{string.Join(", ", tensor.Shape)}], expected [{string.Join(", ", shape)}].", nameof(tensors));
        }
    }

    public LlamaConfig Config { get; }
    public IReadOnlyList<GgufTensor> Tensors { get; }
    public string Name { get; }

    /// <summary>The <c>tokenizer.*</c> metadata of a loaded model, kept on save; null means the byte-level lab vocabulary.</summary>
    public IReadOnlyDictionary<string, (GgufValueType Type, object Value)>? Tokenizer { get; }

    /// <summary>
    /// The prompt set the model was trained for (<see cref="PromptSetKey"/>), so that a command can talk to it the way
    /// it learnt without being told; kept through training and growing. Null: none declared.
    /// </summary>
    public string? PromptSet { get; }

    /// <summary>
    /// The inline tool the model's output is meant to run with (<see cref="InlineToolKey"/>; e.g. a critic whose check
    /// lines leave each redone sum to a calculator), so that commands enable it without being told; kept like
    /// <see cref="PromptSet"/>. Null: none.
    /// </summary>
    public string? InlineTool { get; }

    /// <summary>This model declaring <paramref name="promptSet"/> (null: none).</summary>
    public LlamaModelFile WithPromptSet(string? promptSet) => new(Config, Tensors, Name, Tokenizer, promptSet, InlineTool);

    /// <summary>This model declaring the inline tool <paramref name="inlineTool"/> (null: none).</summary>
    public LlamaModelFile WithInlineTool(string? inlineTool) => new(Config, Tensors, Name, Tokenizer, PromptSet, inlineTool);

    public GgufTensor this[string name] => Tensors.First(t => t.Name == name);

    /// <summary>Every tensor a llama model needs, with its ggml shape.</summary>
    public static IEnumerable<(string Name, long[] Shape)> ExpectedShapes(LlamaConfig c)
    {
        long e = c.EmbeddingLength, kv = c.KvEmbeddingLength, ff = c.FeedForwardLength, v = c.VocabSize;
        yield return ("token_embd.weight", [e, v]);
        for (int i = 0; i < c.BlockCount; i++)
        {
            yield return ($"blk.{i}.attn_norm.weight", [e]);
            yield return ($"blk.{i}.attn_q.weight", [e, e]);
            yield return ($"blk.{i}.attn_k.weight", [e, kv]);
            yield return ($"blk.{i}.attn_v.weight", [e, kv]);
            yield return ($"blk.{i}.attn_output.weight", [e, e]);
            yield return ($"blk.{i}.ffn_norm.weight", [e]);
            yield return ($"blk.{i}.ffn_gate.weight", [e, ff]);
            yield return ($"blk.{i}.ffn_up.weight", [e, ff]);
            yield return ($"blk.{i}.ffn_down.weight", [ff, e]);
        }
        yield return ("output_norm.weight", [e]);
        yield return ("output.weight", [e, v]);
    }

    /// <summary>
    /// A new model with random weights: norms at 1, matrices N(0, 0.02), and residual output projections
    /// scaled down by sqrt(2 * layers) (GPT-2's init) so deep stacks start stable.
    /// </summary>
    public static LlamaModelFile CreateRandom(LlamaConfig config, int seed, string name = "mathcritique-lab")
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var random = new Random(seed);
        float residualScale = 1f / MathF.Sqrt(2f * config.BlockCount);
        var tensors = ExpectedShapes(config).Select(t =>
        {
            long count = t.Shape.Aggregate(1L, (a, b) => a * b);
            var data = new float[count];
            if (t.Shape.Length == 1)
                Array.Fill(data, 1f);
            else
            {
                float std = 0.02f * (t.Name.EndsWith("attn_output.weight", StringComparison.Ordinal) || t.Name.EndsWith("ffn_down.weight", StringComparison.Ordinal) ? residualScale : 1f);
                for (long i = 0; i < count; i++)
                    data[i] = std * Gaussian(random);
            }
            return new GgufTensor(t.Name, t.Shape, data);
        }).ToArray();
        return new LlamaModelFile(config, tensors, name);
    }

    /// <summary>
    /// This model with <paramref name="count"/> new blocks on top, computing the same function: the new blocks'
    /// output projections start at zero, so each adds nothing to the residual stream until training moves it. Gives a
    /// trained model more depth for a harder task (the lab critic's step check) without losing what it knows.
    /// </summary>
    public LlamaModelFile WithExtraBlocks(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var config = Config with { BlockCount = Config.BlockCount + count };
        var fresh = CreateRandom(config, seed);
        var tensors = fresh.Tensors.Select(t =>
        {
            if (!IsNewBlock(t.Name))
                return this[t.Name];
            bool isOutput = t.Name.EndsWith("attn_output.weight", StringComparison.Ordinal) || t.Name.EndsWith("ffn_down.weight", StringComparison.Ordinal);
            return isOutput ? new GgufTensor(t.Name, t.Shape, new float[t.Data.Length]) : t;
        }).ToArray();
        return new LlamaModelFile(config, tensors, Name, Tokenizer, PromptSet, InlineTool);

        bool IsNewBlock(string name) => name.StartsWith("blk.", StringComparison.Ordinal)
            && int.Parse(name.AsSpan(4, name.IndexOf('.', 4) - 4), System.Globalization.CultureInfo.InvariantCulture) >= Config.BlockCount;
    }

    /// <summary>Writes the model as GGUF (f32 or f16 weights) with the byte-level vocabulary and ChatML template.</summary>
    public void Save(string path, GgmlType type = GgmlType.F32)
    {
        var c = Config;
        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", Name)
            .Add("general.file_type", type == GgmlType.F16 ? 1u : 0u)
            .Add("llama.vocab_size", (uint)c.VocabSize)
            .Add("llama.context_length", (uint)c.ContextLength)
            .Add("llama.embedding_length", (uint)c.EmbeddingLength)
            .Add("llama.block_count", (uint)c.BlockCount)
            .Add("llama.feed_forward_length", (uint)c.FeedForwardLength)
            .Add("llama.attention.head_count", (uint)c.HeadCount)
            .Add("llama.attention.head_count_kv", (uint)c.HeadCountKv)
            .Add("llama.rope.dimension_count", (uint)c.HeadDimension)
            .Add("llama.rope.freq_base", c.RopeFreqBase)
            .Add("llama.attention.layer_norm_rms_epsilon", c.RmsEpsilon);
        if (PromptSet is not null)
            writer.Add(PromptSetKey, PromptSet);
        if (InlineTool is not null)
            writer.Add(InlineToolKey, InlineTool);
        if (Tokenizer is null)
            AddByteLevelTokenizer(writer);
        else
            foreach (var (key, (valueType, value)) in Tokenizer)
                writer.AddRaw(key, valueType, value);
        foreach (var tensor in Tensors)
            writer.AddTensor(tensor, tensor.Shape.Length == 1 ? GgmlType.F32 : type);
        writer.Write(path);
    }

    private static void AddByteLevelTokenizer(GgufWriter writer) =>
        writer.Add("tokenizer.ggml.model", "gpt2")
            .Add("tokenizer.ggml.pre", "default")
            .Add("tokenizer.ggml.tokens", ByteLevelVocabulary.Tokens)
            .Add("tokenizer.ggml.token_type", ByteLevelVocabulary.TokenTypes)
            .Add("tokenizer.ggml.merges", Array.Empty<string>())
            .Add("tokenizer.ggml.bos_token_id", (uint)ByteLevelVocabulary.EndOfText)
            .Add("tokenizer.ggml.eos_token_id", (uint)ByteLevelVocabulary.ImEnd)
            .Add("tokenizer.ggml.padding_token_id", (uint)ByteLevelVocabulary.EndOfText)
            .Add("tokenizer.ggml.add_bos_token", false)
            .Add("tokenizer.ggml.add_eos_token", false)
            .Add("tokenizer.chat_template", ByteLevelVocabulary.ChatTemplate);

    /// <summary>Loads a llama-architecture GGUF with f32/f16 weights (e.g. to fine-tune it).</summary>
    /// <summary>
    /// Rewrites the prompt-set and tool tags of the GGUF at <paramref name="source"/> into <paramref name="target"/>
    /// (which may be the same file), keeping its weight type; a null tag stays as it is, an empty one is removed.
    /// Written beside the target, then moved: an interrupted write never leaves a broken model.
    /// </summary>
    public static LlamaModelFile Retag(string source, string target, string? promptSet, string? inlineTool)
    {
        var type = Gguf.GgufFile.Open(source).GetInteger("general.file_type") == 1 ? GgmlType.F16 : GgmlType.F32;
        var tagged = Load(source);
        if (promptSet is not null)
            tagged = tagged.WithPromptSet(promptSet.Length == 0 ? null : promptSet);
        if (inlineTool is not null)
            tagged = tagged.WithInlineTool(inlineTool.Length == 0 ? null : inlineTool);
        string temporary = target + ".tmp";
        tagged.Save(temporary, type);
        File.Move(temporary, target, overwrite: true);
        return tagged;
    }

    public static LlamaModelFile Load(string path)
    {
        var file = GgufFile.Open(path);
        var architecture = file.GetString("general.architecture");
        if (architecture != "llama")
            throw new GgufFormatException(path, $"architecture is \"{architecture}\"; only \"llama\" models can be trained");
        int Get(string key) => (int)(file.GetInteger(key) ?? throw new GgufFormatException(path, $"missing metadata {key}"));
        var tokens = file.Metadata.TryGetValue("tokenizer.ggml.tokens", out var t) ? ((ValueTuple<GgufValueType, object>)t.Value).Item2 as object[] : null;
        int heads = Get("llama.attention.head_count");
        var config = new LlamaConfig
        {
            VocabSize = (int)(file.GetInteger("llama.vocab_size") ?? tokens?.Length ?? throw new GgufFormatException(path, "no vocabulary size")),
            ContextLength = Get("llama.context_length"),
            EmbeddingLength = Get("llama.embedding_length"),
            BlockCount = Get("llama.block_count"),
            FeedForwardLength = Get("llama.feed_forward_length"),
            HeadCount = heads,
            HeadCountKv = (int)(file.GetInteger("llama.attention.head_count_kv") ?? heads),
            RmsEpsilon = file.GetFloat("llama.attention.layer_norm_rms_epsilon") ?? 1e-5f,
            RopeFreqBase = file.GetFloat("llama.rope.freq_base") ?? 10000f,
        };
        var infos = file.Tensors.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var tensors = new List<GgufTensor>();
        foreach (var (name, shape) in ExpectedShapes(config))
        {
            if (!infos.TryGetValue(name, out var info))
            {
                // Models with tied embeddings have no output.weight: start the head from the embeddings.
                if (name == "output.weight" && infos.TryGetValue("token_embd.weight", out var embd))
                    info = embd;
                else
                    throw new GgufFormatException(path, $"missing tensor {name}");
            }
            if (!info.Shape.SequenceEqual(shape))
                throw new GgufFormatException(path, $"tensor {name} has shape [{string.Join(", ", info.Shape)}], expected [{string.Join(", ", shape)}]");
            tensors.Add(new GgufTensor(name, shape, file.ReadTensor(info)));
        }
        var tokenizer = file.Metadata.Where(kv => kv.Key.StartsWith("tokenizer.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new LlamaModelFile(config, tensors, file.GetString("general.name") ?? System.IO.Path.GetFileNameWithoutExtension(path), tokenizer,
            file.GetString(PromptSetKey), file.GetString(InlineToolKey));
    }

    private static float Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
