using System.CommandLine;
using MathCritique.Cli.Hosting;
using MathCritique.Lab;
using MathCritique.LlamaCpp.Inference;
using MathCritique.LlamaCpp.Training;
using MathCritique.SelfTalk;
using Spectre.Console;

namespace MathCritique.Cli.Commands;

/// <summary><c>mathcritique selftalk</c>: one model that solves, checks its own steps and corrects itself.</summary>
internal static class SelfTalkCommand
{
    public const string ByteTokenizer = "byte";

    public static Command Create() => new("selftalk", "Self-talk reasoning: traces that check their own steps and correct themselves.") { CreateBuild() };

    /// <summary><c>selftalk build</c>: self-talk traces and the equal-budget plain-CoT set from a collect directory.</summary>
    private static Command CreateBuild()
    {
        var from = new Option<DirectoryInfo>("--from") { Description = "A collect output directory (its critiques.jsonl).", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Where to write traces.jsonl, selftalk/ and plain-cot/ (SFT exports), stats.md.", Required = true };
        var rate = new Option<double>("--confirm-rate") { Description = "The share of right steps followed by a check that confirms them.", DefaultValueFactory = _ => 0.25 };
        var attempts = new Option<int>("--wrong-attempts") { Description = "Most wrong attempts before the right one (above 1 only from --several-from-level).", DefaultValueFactory = _ => 1 };
        var severalFrom = new Option<int>("--several-from-level") { Description = "The lowest level whose traces may hold several wrong attempts.", DefaultValueFactory = _ => 3 };
        var tokenizer = new Option<string>("--tokenizer") { Description = $"How training tokens are counted: '{ByteTokenizer}' (the lab vocabulary, one per UTF-8 byte) or a GGUF whose tokenizer to use.", DefaultValueFactory = _ => ByteTokenizer };
        var seed = new Option<ulong>("--seed") { Description = "Seeds which steps get confirmations.", DefaultValueFactory = _ => 1 };
        var source = ProblemSourceOptions.Create(defaultPerLevel: 40, defaultSplit: LabSplit.Train);

        var command = new Command("build", "Build self-talk traces (and a plain-CoT set with as many tokens) from a collect directory, with statistics and SFT exports.")
        {
            from, output, rate, attempts, severalFrom, tokenizer, seed,
        };
        source.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string tokenizerName = parse.GetValue(tokenizer)!;
            if (tokenizerName != ByteTokenizer)
                NativeLogging.Suppress();
            using var gguf = tokenizerName == ByteTokenizer ? null : new GgufTokenCounter(tokenizerName);
            var options = new SelfTalkBuildOptions
            {
                From = parse.GetValue(from)!.FullName,
                Directory = parse.GetValue(output)!.FullName,
                Prompts = source.Prompts(parse),
                Problems = await source.LoadAsync(parse, cancellationToken),
                ProblemSource = source.Describe(parse),
                Labeler = source.IsLab(parse) ? new LabStepChecker() : null,
                Tokens = gguf ?? (ITokenCounter)new Utf8ByteTokenCounter(),
                Dataset = new SelfTalkDatasetOptions
                {
                    Writer = new SelfTalkWriterOptions { ConfirmationRate = parse.GetValue(rate) },
                    MaxWrongAttempts = parse.GetValue(attempts),
                    SeveralAttemptsFromLevel = parse.GetValue(severalFrom),
                    Seed = parse.GetValue(seed),
                },
            };
            var result = await SelfTalkBuild.RunAsync(options, cancellationToken);
            AnsiConsole.WriteLine(result.Stats.ToMarkdown());
            AnsiConsole.MarkupLineInterpolated($"{result.SelfTalk.Count} self-talk traces and {result.PlainCot.Count} plain-CoT examples written to [link]{options.Directory}[/]");
            return 0;
        });
        return command;
    }
}
