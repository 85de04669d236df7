using System.CommandLine;
using MathCritique.LlamaCpp.Gguf;
using MathCritique.LlamaCpp.Models;

namespace MathCritique.Cli.Commands;

/// <summary><c>mathcritique model new</c>: writes a randomly initialised llama model with the byte-level ChatML vocabulary.</summary>
internal static class ModelNewCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the GGUF.", Required = true };
        var embd = new Option<int>("--embd") { Description = "Embedding width.", DefaultValueFactory = _ => 128 };
        var layers = new Option<int>("--layers") { Description = "Transformer blocks.", DefaultValueFactory = _ => 2 };
        var heads = new Option<int>("--heads") { Description = "Attention heads.", DefaultValueFactory = _ => 4 };
        var kvHeads = new Option<int?>("--kv-heads") { Description = "Key/value heads (default: --heads)." };
        var ff = new Option<int>("--ff") { Description = "Feed-forward width.", DefaultValueFactory = _ => 512 };
        var ctx = new Option<int>("--ctx") { Description = "Context length.", DefaultValueFactory = _ => 1024 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random initialisation.", DefaultValueFactory = _ => 1 };
        var f16 = new Option<bool>("--f16") { Description = "Store matrices as f16 (default f32)." };

        var command = new Command("new", "Create a new random llama model (byte-level vocabulary, ChatML template).")
        {
            output, embd, layers, heads, kvHeads, ff, ctx, seed, f16,
        };
        command.SetAction(parse =>
        {
            var config = new LlamaConfig
            {
                EmbeddingLength = parse.GetValue(embd),
                BlockCount = parse.GetValue(layers),
                HeadCount = parse.GetValue(heads),
                HeadCountKv = parse.GetValue(kvHeads) ?? parse.GetValue(heads),
                FeedForwardLength = parse.GetValue(ff),
                ContextLength = parse.GetValue(ctx),
            };
            config.Validate(); // a bad shape ends in Failure.Report (one line, exit 2)
            var file = parse.GetValue(output)!;
            LlamaModelFile.CreateRandom(config, parse.GetValue(seed)).Save(file.FullName, parse.GetValue(f16) ? GgmlType.F16 : GgmlType.F32);
            Console.Error.WriteLine($"wrote {file.FullName}: {config.ParameterCount:N0} parameters, {config.BlockCount} layers, embd {config.EmbeddingLength}, ctx {config.ContextLength}");
            return 0;
        });
        return command;
    }
}
