using System.CommandLine;
using MathCritique.Cli.Hosting;
using MathCritique.LlamaCpp.Models;
using MathCritique.Prompts;

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
        var sets = CommandModels.PromptSets();
        var tools = CommandModels.InlineTools();
        var model = new Option<FileInfo>("--model", "-m") { Description = "The GGUF to tag (rewritten in place unless --out is given).", Required = true };
        var prompts = new Option<string?>("--prompts") { Description = $"The prompt set the model was trained for ({string.Join(", ", sets.Names)}), or none to remove the tag." };
        prompts.Validators.Add(r => { if (r.GetValue(prompts) is { } name && name != "none" && !sets.Contains(name)) r.AddError($"--prompts: '{name}' is not a prompt set ({string.Join(", ", sets.Names)}, or none)."); });
        var tool = new Option<string?>("--tool") { Description = $"The inline tools its critiques run with ({string.Join(", ", tools.Names)}; several joined with commas), or none to remove the tag." };
        tool.Validators.Add(r => { if (r.GetValue(tool) is { } names && !tools.IsValid(names, out var error)) r.AddError($"--tool: {error}."); });
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the tagged model here instead." };
        var command = new Command("tag", "Record the prompt set a model was trained for, and the inline tool it runs with, in its GGUF metadata.") { model, prompts, tool, output };
        command.Validators.Add(r => { if (r.GetValue(prompts) is null && r.GetValue(tool) is null) r.AddError("give --prompts, --tool or both."); });
        command.SetAction(parse =>
        {
            static string? Tag(string? value) => value == "none" ? "" : value;
            var source = parse.GetValue(model)!;
            var target = parse.GetValue(output) ?? source;
            var tagged = LlamaModelFile.Retag(source.FullName, target.FullName, Tag(parse.GetValue(prompts)), Tag(parse.GetValue(tool)));
            Console.Error.WriteLine($"{target.FullName}: prompts {tagged.PromptSet ?? "(none)"}, tool {tagged.InlineTool ?? "(none)"}");
            return 0;
        });
        return command;
    }
}
