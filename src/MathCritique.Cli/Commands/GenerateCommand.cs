using System.CommandLine;
using Microsoft.Extensions.AI;
using MathCritique.Cli.Hosting;
using MathCritique.LlamaCpp.Inference;
using MathCritique.Sampling;

namespace MathCritique.Cli.Commands;

/// <summary>
/// <c>mathcritique generate</c>: samples completions of one prompt, or of every prompt of a JSON Lines file
/// (one batched call; results as JSON Lines), from a GGUF model in-process.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "GGUF model file.", Required = true };
        var prompt = new Option<string>("--prompt", "-p") { Description = "User message (the model's chat template is applied)." };
        var prompts = new Option<FileInfo>("--prompt-file") { Description = "JSON Lines of {\"prompt\": ...} (other fields are copied through): sample every prompt, write JSON Lines." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "With --prompt-file: where to write the JSON Lines (default: stdout)." };
        var n = new Option<int>("--n") { Description = "Number of completions.", DefaultValueFactory = _ => 1 };
        var temperature = new Option<float>("--temperature", "-t") { Description = "Sampling temperature; 0 is greedy.", DefaultValueFactory = _ => 0f };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling mass.", DefaultValueFactory = _ => 1f };
        var topK = new Option<int>("--top-k") { Description = "Top-k cut-off; 0 disables it.", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Base seed (completion i uses a seed derived from it).", DefaultValueFactory = _ => 0UL };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens per completion.", DefaultValueFactory = _ => 256 };
        var stop = new Option<string[]>("--stop") { Description = "Stop strings (repeatable).", AllowMultipleArgumentsPerToken = false };
        var prefix = new Option<string?>("--assistant-prefix") { Description = "Continue the assistant's reply from this text." };
        var context = new Option<int>("--context") { Description = "KV-cache cells shared by all sequences.", DefaultValueFactory = _ => 4096 };
        var parallel = new Option<int>("--parallel") { Description = "Sequences decoded together.", DefaultValueFactory = _ => 16 };
        var threads = new Option<int>("--threads") { Description = "CPU threads of a decode (default: every core up to 4).", DefaultValueFactory = _ => new LlamaEngineOptions().Threads };

        var command = new Command("generate", "Sample completions of a prompt from a GGUF model (llama.cpp, in-process).")
        {
            model, prompt, prompts, output, n, temperature, topP, topK, seed, maxTokens, stop, prefix, context, parallel, threads,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(prompt) is null) == (r.GetValue(prompts) is null))
                r.AddError("give either --prompt or --prompt-file");
            if (r.GetValue(output) is not null && r.GetValue(prompts) is null)
                r.AddError("--out goes with --prompt-file");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            // A bad prompt file, request or engine setting ends in Failure.Report (one line, exit 2), before the model loads.
            var file = parse.GetValue(prompts) is { } path ? await PromptFile.ReadAsync(path.FullName, cancellationToken) : null;
            var request = new SamplingRequest
            {
                Messages = [new ChatMessage(ChatRole.User, file?.Prompts[0] ?? parse.GetValue(prompt)!)],
                AssistantPrefix = parse.GetValue(prefix),
                N = parse.GetValue(n),
                Seed = parse.GetValue(seed),
                Options = new SamplingOptions
                {
                    Temperature = parse.GetValue(temperature),
                    TopP = parse.GetValue(topP),
                    TopK = parse.GetValue(topK),
                    MaxTokens = parse.GetValue(maxTokens),
                    Stop = parse.GetValue(stop) ?? [],
                },
            };
            request.Validate();
            var engine = EngineFlags.Batched(parse, parse.GetValue(context), parse.GetValue(parallel), parse.GetValue(threads));

            NativeLogging.Suppress();
            using var sampler = await LlamaSampler.LoadAsync(parse.GetValue(model)!.FullName, engine, cancellationToken);
            var started = System.Diagnostics.Stopwatch.StartNew();
            if (file is not null)
            {
                var written = await file.SampleAsync(sampler, request, () => parse.GetValue(output) is { } outFile ? new StreamWriter(outFile.FullName) : new StreamWriter(Console.OpenStandardOutput()), cancellationToken);
                await Console.Error.WriteLineAsync($"{written.Prompts} prompts × {request.N}, {written.TokensGenerated} tokens generated in {started.Elapsed.TotalSeconds:F1} s");
                return 0;
            }
            var result = await sampler.SampleAsync(request, cancellationToken);
            foreach (var completion in result.Completions)
            {
                Console.WriteLine($"--- completion {completion.SampleIndex} ({completion.GeneratedTokens} tokens, {completion.FinishReason})");
                Console.WriteLine(completion.Text);
            }
            long tokens = result.Completions.Sum(c => (long)c.GeneratedTokens);
            await Console.Error.WriteLineAsync(
                $"{result.Completions.Count} completions, {result.Completions[0].PromptTokens} prompt tokens, {tokens} generated in {started.Elapsed.TotalSeconds:F2} s ({tokens / Math.Max(started.Elapsed.TotalSeconds, 1e-9):F0} tokens/s)");
            return 0;
        });
        return command;
    }

}
