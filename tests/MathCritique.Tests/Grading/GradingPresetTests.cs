using System.Reflection;
using System.Text.Json.Nodes;
using MathCritique.Grading;

namespace MathCritique.Tests.Grading;

public sealed class GradingPresetTests
{
    private const string Gsm8kReference = "She had 3 + 15 = <<3+15=18>>18 apples.\n#### 18";

    private static MathGrader Grader(GradingPreset preset) => new(preset.ApplyTo(GraderOptions.Default));

    [Theory]
    [InlineData("gsm8k")]
    [InlineData("MATH")]
    [InlineData(" plain ")]
    [InlineData("default")]
    public void A_preset_is_found_by_name_whatever_the_case(string name) =>
        Assert.Equal(name.Trim().ToLowerInvariant(), GradingPreset.Parse(name).Name);

    [Fact]
    public void An_unknown_preset_names_the_known_ones()
    {
        var e = Assert.Throws<FormatException>(() => GradingPreset.Parse("gsm9k"));
        Assert.Equal("unknown grading preset \"gsm9k\" (known: default, gsm8k, math, plain)", e.Message);
    }

    [Theory]
    [InlineData("The answer is 18.", true)]
    [InlineData("Step 4: #### 18", true)]
    [InlineData("So she has 18 apples left", true)]
    [InlineData(@"so $\boxed{18}$", true)]
    [InlineData("The answer is 17.", false)]
    public void Gsm8k_grades_a_whole_reference_solution_as_its_bare_answer(string prediction, bool correct)
    {
        var grader = Grader(GradingPreset.Gsm8k);
        Assert.Equal(correct, grader.Grade(Gsm8kReference, prediction).Correct);
        Assert.Equal(correct, grader.Grade("18", prediction).Correct);
        Assert.Equal(ExtractionMethod.Gsm8kHashes, grader.Grade(Gsm8kReference, prediction).GoldRule);
    }

    [Fact]
    public void Gsm8k_takes_the_last_number_where_the_default_takes_a_math_environment()
    {
        const string prediction = "Let $x = 3$ be the pears, so she has 18 apples left";
        Assert.True(Grader(GradingPreset.Gsm8k).Grade(Gsm8kReference, prediction).Correct);
        Assert.False(new MathGrader().Grade(Gsm8kReference, prediction).Correct);
    }

    [Theory]
    [InlineData(@"\frac12", true)]
    [InlineData(@"The final answer is $\frac{1}{2}$. I hope it is correct.", true)]
    [InlineData("so the probability is $\\frac{1}{2}$, as found with 3 cases", true)]
    [InlineData("The area is 9/2.\n\n# Answer\n\n\\frac{1}{2}", true)]
    [InlineData("# Answer\n\n\\frac{1}{9}", false)]
    [InlineData(@"\boxed{0.5}", true)]
    public void Math_grades_boxed_gold_solutions_against_latex_predictions(string prediction, bool correct)
    {
        const string reference = @"The shaded area is $9/2$, so the probability is $(9/2)/9=\boxed{\frac{1}{2}}$.";
        Assert.Equal(correct, Grader(GradingPreset.Math).Grade(reference, prediction).Correct);
    }

    [Fact]
    public void Plain_takes_each_side_as_it_is()
    {
        var grader = Grader(GradingPreset.Plain);
        Assert.True(grader.Grade("18", @"\boxed{18}").Correct);
        Assert.True(grader.Grade(@"\frac{1}{2}", "0.5").Correct);
        var result = grader.Grade("18", "The answer is 18.");
        Assert.False(result.Correct);
        Assert.Equal("The answer is 18.", result.PredictedAnswer);
        Assert.False(grader.Grade(Gsm8kReference, "18").Correct);
    }

    [Fact]
    public void A_preset_keeps_the_other_options_and_one_side_can_be_reordered()
    {
        var options = GradingPreset.Math.ApplyTo(GraderOptions.Default with { RelativeTolerance = 0.01, Percent = PercentPolicy.AsFraction });
        Assert.Equal((0.01, PercentPolicy.AsFraction), (options.RelativeTolerance, options.Percent));
        Assert.Same(GradingPreset.Math.PredictionExtractor, options.PredictionExtractor);

        var lastNumberOnly = GradingPreset.Math with { PredictionExtractor = AnswerExtractor.Parse("last_number") };
        Assert.Equal("4", Grader(lastNumberOnly).Grade(@"\boxed{3}", @"\boxed{3} or 4").PredictedAnswer);
        Assert.Same(GradingPreset.Math.GoldExtractor, lastNumberOnly.GoldExtractor);
    }

    [Fact]
    public async Task The_command_grades_with_a_preset_and_rules_and_refuses_unknown_names()
    {
        var input = Path.Combine(Path.GetTempPath(), $"grade-preset-{Guid.NewGuid():N}.jsonl");
        var output = input + ".out";
        try
        {
            await File.WriteAllTextAsync(input, """
                {"gold": "She had <<3+15=18>>18 apples.\n#### 18", "pred": "Let $x = 3$ be the pears, so she has 18 apples left"}
                {"gold": "18", "pred": "The answer is 17."}

                """);
            Assert.Equal(0, Run("grade", "--preset", "gsm8k", "-i", input, "-o", output));
            var lines = (await File.ReadAllLinesAsync(output)).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
            Assert.Equal((true, "hashes", "last_number"), ((bool)lines[0]["correct"]!, (string)lines[0]["gold_rule"]!, (string)lines[0]["pred_rule"]!));
            Assert.Null(lines[0]["why"]);
            Assert.Equal("different numbers: 18 vs 17", (string)lines[1]["why"]!);

            Assert.Equal(0, Run("grade", "--pred-rules", "math_environment,last_number", "-i", input, "-o", output));
            Assert.Equal("math_environment", (string)JsonNode.Parse((await File.ReadAllLinesAsync(output))[0])!["pred_rule"]!);

            await File.WriteAllTextAsync(input, """{"gold": "1.22", "pred": "The length is 1,22"}""" + "\n");
            Assert.Equal(0, Run("grade", "--preset", "plain", "-i", input, "-o", output));
            Assert.False((bool)JsonNode.Parse((await File.ReadAllLinesAsync(output))[0])!["correct"]!);
            Assert.Equal(0, Run("grade", "--decimal-comma", "-i", input, "-o", output));
            Assert.True((bool)JsonNode.Parse((await File.ReadAllLinesAsync(output))[0])!["correct"]!);

            Assert.Equal(2, Run("grade", "--preset", "gsm9k", "-i", input));
            Assert.Equal(2, Run("grade", "--pred-rules", "boxed,last_numbr", "-i", input));
            Assert.Equal(2, Run("grade", "--gold-rules", "", "--explain", "--gold", "1", "--pred", "1"));
            Assert.Equal(0, Run("grade", "--preset", "plain", "--explain", "--gold", "1", "--pred", "1"));
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }

        static int Run(params string[] args) => (int)Assembly.Load("MathCritique.Cli").EntryPoint!.Invoke(null, [args])!;
    }
}
