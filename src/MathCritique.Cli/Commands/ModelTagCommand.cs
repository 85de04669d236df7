using System.CommandLine;
using MathCritique.Cli.Hosting;
using MathCritique.LlamaCpp.Gguf;
using MathCritique.LlamaCpp.Models;

namespace MathCritique.Cli.Commands;

/// <summary>
/// <c>mathcritique model tag</c>: records in a GGUF which prompt set the model was trained for, so that <c>eval</c>
/// and <c>critic-eval</c> use it when <c>--prompts</c> is not given (a stepwise critic is asked one step at a time),
/// and which inline tool its critiques run with (<c>--critic-tools</c> unless given).
/// </summary>
internal static class ModelTagCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "The GGUF to tag (rewritten in place unless --out is given).", Required = true };
        var prompts = new Option<string?>("--prompts") { Description = $"The prompt set the model was trained for ({string.Join(", ", ProblemSourceOptions.PromptSetNames)}), or none to remove the tag." };
        var tool = new Option<string?>("--tool") { Description = $"The inline tools its critiques run with ({string.Join(", ", InlineToolNames.Known)}; several joined with commas), or none to remove the tag." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the tagged model here instead." };
        var command = new Command("tag", "Record the prompt set a model was trained for, and the inline tool it runs with, in its GGUF metadata.") { model, prompts, tool, output };
        command.SetAction(parse =>
        {
            string? name = parse.GetValue(prompts), toolName = parse.GetValue(tool);
            if (name is null && toolName is null)
            {
                Console.Error.WriteLine("error: give --prompts, --tool or both.");
                return 2;
            }
            if (name is not null && name != "none" && !ProblemSourceOptions.PromptSetNames.Contains(name))
            {
                Console.Error.WriteLine($"error: --prompts: '{name}' is not a prompt set ({string.Join(", ", ProblemSourceOptions.PromptSetNames)}, or none).");
                return 2;
            }
            if (toolName is not null && !InlineToolNames.IsValid(toolName, out var toolError))
            {
                Console.Error.WriteLine($"error: --tool: {toolError}.");
                return 2;
            }
            var source = parse.GetValue(model)!;
            var target = parse.GetValue(output) ?? source;
            var type = GgufFile.Open(source.FullName).GetInteger("general.file_type") == 1 ? GgmlType.F16 : GgmlType.F32;
            var tagged = LlamaModelFile.Load(source.FullName);
            if (name is not null)
                tagged = tagged.WithPromptSet(name == "none" ? null : name);
            if (toolName is not null)
                tagged = tagged.WithInlineTool(toolName == "none" ? null : toolName);
            // Write beside the target, then move: an interrupted write never leaves a broken model.
            string temporary = target.FullName + ".tmp";
            tagged.Save(temporary, type);
            File.Move(temporary, target.FullName, overwrite: true);
            Console.Error.WriteLine($"{target.FullName}: prompts {tagged.PromptSet ?? "(none)"}, tool {tagged.InlineTool ?? "(none)"}");
            return 0;
        });
        return command;
    }
}
