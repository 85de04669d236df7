using MathCritique.Solutions;

namespace MathCritique.Tests.Solutions;

public class StepSegmenterTests
{
    [Fact]
    public void One_non_empty_line_is_one_step_and_the_preamble_is_not_a_step()
    {
        var steps = StepSegmenter.Split("Let's break it down step by step:\n\n3 * 14 = 42\n  \n23 + 42 = 65\nThe answer is 65.\n");
        Assert.Equal(["3 * 14 = 42", "23 + 42 = 65", "The answer is 65."], steps.Select(s => s.Text));
        Assert.Equal([1, 2, 3], steps.Select(s => s.Index));
    }

    [Fact]
    public void The_preamble_phrase_later_in_the_text_is_a_step()
    {
        var steps = StepSegmenter.Split("1 + 1 = 2\nLet's think step by step.");
        Assert.Equal(2, steps.Count);
    }

    [Fact]
    public void Gsm8k_calculator_annotations_stay_in_the_text_and_are_parsed()
    {
        const string text = "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nAltogether she sold 48+24 = <<48+24=72>>72 clips.\n#### 72";
        var steps = StepSegmenter.Split(text);
        Assert.Equal(3, steps.Count);
        Assert.Contains("<<48/2=24>>", steps[0].Text, StringComparison.Ordinal);
        var annotation = Assert.Single(steps[1].Annotations);
        Assert.Equal(new CalculatorAnnotation("48+24", "72"), annotation);
        Assert.Equal("72", MathCritique.Grading.AnswerExtractor.Default.Extract(text)?.Answer);
        Assert.Equal("Altogether she sold 48+24 = 72 clips.", CalculatorAnnotation.Strip(steps[1].Text));
    }
}
