using System.CommandLine;
using MathCritique.Lab;

namespace MathCritique.Cli.Hosting;

/// <summary>The <c>--split</c> option of every command that takes lab problems, with one description of the three splits.</summary>
internal static class LabSplitOption
{
    public static Option<string> Create(LabSplit defaultSplit)
    {
        var option = new Option<string>("--split")
        {
            Description = "Lab split: test (the figures to report, run once per model), dev (every development choice: settings, prompts, drills, "
                + "checker rules, sample sizes) or train (what the lab models are trained on). The three never share a problem's arithmetic (docs/lab-splits.md).",
            DefaultValueFactory = _ => defaultSplit.Name(),
        };
        option.Validators.Add(result =>
        {
            if (!LabSplits.TryParse(result.GetValue(option), out _))
                result.AddError($"--split: unknown split '{result.GetValue(option)}' (expected train, dev or test)");
        });
        return option;
    }

    public static LabSplit GetSplit(this ParseResult parse, Option<string> option) => LabSplits.Parse(parse.GetValue(option)!);
}
