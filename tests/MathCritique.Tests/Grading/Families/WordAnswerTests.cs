using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary>Words and choice letters: case and wrapper do not matter; a different word or letter does.</summary>
public class WordAnswerTests
{
    private static readonly MathGrader Grader = new();

    public static TheoryData<string, string, bool> Words => EquivalenceFamily.Cases(
        ("yes", "Yes", true), ("yes", "YES", true), ("yes", "Yes.", true), ("no", "No", true), ("no", "NO", true), (@"\text{No}", "no", true),
        (@"\text{no}", @"\text{No.}", true), (@"\text{up}", "Up", true), (@"\text{east}", "east", true), (@"\text{east}", "East", true),
        (@"\text{East}", @"\textbf{east}", true), (@"\text{north east}", @"\text{North East}", true), ("True", "true", true),
        ("yes", "no", false), ("no", "yes", false), (@"\text{east}", "west", false), (@"\text{Yes}", @"\textbf{No}", false), (@"\text{up}", "down", false),
        (@"\text{north east}", @"\text{north west}", false));

    [Theory]
    [MemberData(nameof(Words))]
    public void Words_ignore_case_and_wrappers(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);

    public static TheoryData<string, string, bool> Choices => EquivalenceFamily.Cases(
        (@"\text{(A)}", "A", true), ("(C)", "C", true), ("(C)", @"\text{C}", true), (@"\text{(B)}", "(b)", true), (@"\text{(B)}", @"\textbf{(B)}", true),
        ("B", @"\text{B}", true), (@"\mathrm{B}", "B", true), ("(b)", "B", true),
        (@"\text{(A)}", "B", false), ("(C)", "D", false), (@"\textbf{(B)}", @"\text{(C)}", false), ("(A)", "(a)(b)", false),
        // A bare letter is a variable: a and A may differ.
        ("A", "a", false));

    [Theory]
    [MemberData(nameof(Choices))]
    public void Choice_letters_ignore_case_and_brackets(string gold, string pred, bool expected) =>
        EquivalenceFamily.Decides(Grader, gold, pred, expected);
}
