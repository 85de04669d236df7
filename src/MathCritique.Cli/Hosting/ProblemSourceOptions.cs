using System.CommandLine;
using MathCritique.Lab;
using MathCritique.Problems;
using MathCritique.Prompts;

namespace MathCritique.Cli.Hosting;

/// <summary>
/// Where a command's problems come from: a problems file (ours, GSM8K or MATH), or the lab generator (the default)
/// with a split: test for the commands that report figures, train for those that make training data.
/// </summary>
internal sealed class ProblemSourceOptions
{
    private readonly Option<FileInfo?> _file = new("--problems", "-p") { Description = "Problems file: MathCritique JSONL (`lab problems`), GSM8K JSONL or MATH JSON/JSONL." };
    private readonly Option<string?> _fields = new("--fields") { Description = "Read --problems as generic JSONL with this field mapping, e.g. question=problem,answer=final,id=uid,level=difficulty." };
    private readonly Option<string> _levels;
    private readonly Option<int> _perLevel;
    private readonly Option<int> _labSeed = new("--lab-seed") { Description = "Seed of the lab problem generator.", DefaultValueFactory = _ => 2024 };
    private readonly Option<string> _split;
    private readonly Option<string?> _prompts = new("--prompts")
    {
        Description = "Prompt set: lab (the compact prompts the lab models were trained on), lab-stepwise (the same, but the critic judges one step at a time with the step-check prompt) or paper (instructions for general chat models). Default: the one the critic's GGUF declares (`model tag`), else lab for lab problems and paper for a --problems file.",
    };

    private ProblemSourceOptions(int defaultPerLevel, string defaultLevels, LabSplit defaultSplit)
    {
        _split = LabSplitOption.Create(defaultSplit);
        _levels = new("--levels") { Description = "Lab difficulty levels, e.g. 1-5 or 1,3,5.", DefaultValueFactory = _ => defaultLevels };
        _perLevel = new("--per-level") { Description = "Lab problems per level.", DefaultValueFactory = _ => defaultPerLevel };
    }

    public static ProblemSourceOptions Create(int defaultPerLevel, string defaultLevels = "1-5", LabSplit defaultSplit = LabSplit.Test) =>
        new(defaultPerLevel, defaultLevels, defaultSplit);

    public void AddTo(Command command)
    {
        command.Options.Add(_file);
        command.Options.Add(_fields);
        command.Options.Add(_levels);
        command.Options.Add(_perLevel);
        command.Options.Add(_labSeed);
        command.Options.Add(_split);
        command.Options.Add(_prompts);
    }

    public bool IsLab(ParseResult parse) => parse.GetValue(_file) is null;

    /// <summary>The problems and the prompt set (part of an eval run's identity: other prompts are another run).</summary>
    /// <param name="declared">The prompt set the critic declares (<see cref="OpenedModel.PromptSet"/>), if any.</param>
    public string Describe(ParseResult parse, string? declared = null) =>
        (parse.GetValue(_file) is { } file ? file.Name : LabSet(parse).Describe()) + $", {PromptSetName(parse, declared)} prompts";

    /// <summary>The prompt set asked for, else the one the critic declares, else lab prompts for lab problems and the paper's for a problems file.</summary>
    public string PromptSetName(ParseResult parse, string? declared = null) =>
        parse.GetValue(_prompts) ?? declared ?? (IsLab(parse) ? LabPrompts.Name : PaperPrompts.Name);

    /// <summary>The prompt set named by <see cref="PromptSetName"/>.</summary>
    public PromptSet Prompts(ParseResult parse, string? declared = null)
    {
        string name = PromptSetName(parse, declared);
        var sets = CommandModels.PromptSets();
        return sets.Contains(name) ? sets.Create(name)
            : throw new ArgumentException($"--prompts: '{name}' is not a prompt set ({string.Join(", ", sets.Names)}).");
    }

    public IReadOnlyList<int> Levels(ParseResult parse) => LabProblemSet.ParseLevels(parse.GetValue(_levels)!);

    /// <summary>The lab problems the options ask for (without <c>--problems</c>).</summary>
    public LabProblemSet LabSet(ParseResult parse) =>
        new(parse.GetValue(_levels)!, parse.GetValue(_perLevel), parse.GetSplit(_split), parse.GetValue(_labSeed));

    public async Task<IReadOnlyList<Problem>> LoadAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_file) is { } file)
        {
            return parse.GetValue(_fields) is { } fields
                ? await FieldMappedLoader.ReadAsync(file.FullName, ProblemFieldMap.Parse(fields), cancellationToken)
                : await ProblemFormats.ReadAnyAsync(file.FullName, cancellationToken);
        }
        return LabSet(parse).GenerateProblems();
    }
}
