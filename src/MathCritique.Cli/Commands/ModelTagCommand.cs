using System.CommandLine;
using MathCritique.Cli.Hosting;
using MathCritique.LlamaCpp.Gguf;
using MathCritique.LlamaCpp.Models;

namespace MathCritique.Cli.Commands;

/// <summary>
/// <c>mathcritique model tag</c>: records in a GGUF which prompt set the model was trained for, so that <c>eval</c>
/// and <c>critic-eval</c> use it when <c>--prompts</c> is not given (a stepwise critic is asked one step at a time).
/// </summary>
internal static class ModelTagCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "The GGUF to tag (rewritten in place unless --out is given).", Required = true };
        var prompts = new Option<string>("--prompts") { Description = $"The prompt set the model was trained for ({string.Join(", ", ProblemSourceOptions.PromptSetNames)}), or none to remove the tag.", Required = true };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the tagged model here instead." };
        var command = new Command("tag", "Record the prompt set a model was trained for in its GGUF metadata.") { model, prompts, output };
        command.SetAction(parse =>
        {
            string name = parse.GetValue(prompts)!;
            if (name != "none" && !ProblemSourceOptions.PromptSetNames.Contains(name))
            {
                Console.Error.WriteLine($"error: --prompts: '{name}' is not a prompt set ({string.Join(", ", ProblemSourceOptions.PromptSetNames)}, or none).");
                return 2;
            }
            var source = parse.GetValue(model)!;
            var target = parse.GetValue(output) ?? source;
            var type = GgufFile.Open(source.FullName).GetInteger("general.file_type") == 1 ? GgmlType.F16 : GgmlType.F32;
            var tagged = LlamaModelFile.Load(source.FullName).WithPromptSet(name == "none" ? null : name);
            // Write beside the target, then move: an interrupted write never leaves a broken model.
            string temporary = target.FullName + ".tmp";
            tagged.Save(temporary, type);
            File.Move(temporary, target.FullName, overwrite: true);
            Console.Error.WriteLine($"{target.FullName}: prompts {(name == "none" ? "(none)" : name)}");
            return 0;
        });
        return command;
    }
}
