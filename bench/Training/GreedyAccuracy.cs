#:property PublishAot=false
#:project ../../src/MathCritique.LlamaCpp/MathCritique.LlamaCpp.csproj
// Greedy exact-match accuracy of a trained GGUF on prompt/completion JSON Lines, through llama.cpp (LLamaSharp).
// Prompts that also occur in an optional training file are skipped, so the figure is on unseen prompts.
// Usage: dotnet run bench/Training/GreedyAccuracy.cs -- <model.gguf> <test.jsonl> <count> [train.jsonl]
using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using MathCritique.LlamaCpp.Training;
using MathCritique.Training;

var examples = await SftJsonl.ReadAsync(args[1]);
var seen = args.Length > 3 ? (await SftJsonl.ReadAsync(args[3])).Select(e => e.Prompt).ToHashSet() : [];
int count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var parameters = new ModelParams(args[0]) { ContextSize = 256, BatchSize = 256, Threads = 1 };
using var weights = LLamaWeights.LoadFromFile(parameters);
using var context = weights.CreateContext(parameters);
int tried = 0, exact = 0;
foreach (var example in examples.Where(e => !seen.Contains(e.Prompt)).Take(count))
{
    context.NativeHandle.MemoryClear();
    var prompt = ChatMlEncoder.ByteLevel.EncodePrompt(example.Prompt);
    var batch = new LLamaBatch();
    for (int i = 0; i < prompt.Length; i++)
        batch.Add((LLamaToken)prompt[i], i, LLamaSeqId.Zero, i == prompt.Length - 1);
    var output = new List<byte>();
    for (int position = prompt.Length; position < 200; position++)
    {
        context.NativeHandle.Decode(batch);
        var logits = context.NativeHandle.GetLogitsIth(batch.TokenCount - 1);
        int best = 0;
        for (int v = 1; v < logits.Length; v++)
            if (logits[v] > logits[best])
                best = v;
        if (best >= 256)
            break;
        output.Add((byte)best);
        batch.Clear();
        batch.Add((LLamaToken)best, position, LLamaSeqId.Zero, true);
    }
    tried++;
    if (Encoding.UTF8.GetString(output.ToArray()) == example.Completion)
        exact++;
}
Console.WriteLine($"{args[0]}: {exact}/{tried} exact ({100.0 * exact / Math.Max(1, tried):F1}%) on unseen prompts");
