using MathCritique.Processes;

namespace MathCritique.Tests.Processes;

/// <summary>A command template splits like a shell, and a value with spaces stays one argument.</summary>
public sealed class CommandTemplateTests
{
    private static readonly string[] Known = ["yaml", "port"];

    [Fact]
    public void Splits_into_words_and_replaces_placeholders_inside_them()
    {
        var template = CommandTemplate.Parse("""sh -c 'echo {{literal}} "$0"' --config={yaml} "two words" a\ b""", Known);

        var arguments = template.Expand(new Dictionary<string, string> { ["yaml"] = "/runs/my run/train.yaml", ["port"] = "1" });

        Assert.Equal(["sh", "-c", "echo {literal} \"$0\"", "--config=/runs/my run/train.yaml", "two words", "a b"], arguments);
    }

    [Theory]
    [InlineData("", "The command is empty.")]
    [InlineData("train {config}", "Command 'train {config}': unknown placeholder {config} (known: {yaml}, {port}).")]
    [InlineData("train 'x", "Command 'train 'x': unclosed '.")]
    [InlineData("train {yaml", "Command 'train {yaml': unclosed { (write {{ for a literal brace).")]
    [InlineData("train yaml}", "Command 'train yaml}': unmatched } (write }} for a literal brace).")]
    [InlineData("'' train", "Command ''' train' names no program.")]
    public void A_bad_template_is_refused_naming_it(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => CommandTemplate.Parse(text, Known)).Message);
    }
}
