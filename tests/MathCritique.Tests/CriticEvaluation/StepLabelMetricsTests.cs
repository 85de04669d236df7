using MathCritique.CriticEvaluation;
using MathCritique.Evaluation;

namespace MathCritique.Tests.CriticEvaluation;

public sealed class StepLabelMetricsTests
{
    private static StepLabelJudgement J(string subset, int label, int? predicted, bool saysWrong) =>
        new($"{subset}-{Guid.NewGuid():N}", subset, label, predicted, saysWrong, "");

    // Subset a: erroneous labels 0, 1, 2, 1 found at 0, 1, 2 and one critique unreadable (3/4); right solutions: one
    // left alone, one with step 1 flagged (1/2). Subset b: the wrong solution rejected without naming a step (0/1), the
    // right one accepted (1/1).
    private static readonly StepLabelJudgement[] Judgements =
    [
        J("a", 0, 0, true), J("a", 1, 1, true), J("a", 2, 2, true), J("a", 1, null, false),
        J("a", -1, -1, false), J("a", -1, 1, true),
        J("b", 0, -1, true), J("b", -1, -1, false),
    ];

    [Fact]
    public void Processbench_metrics_and_verdict_accuracy_match_hand_computed_values()
    {
        var a = StepLabelMetrics.From(Judgements[..6]);
        Assert.Equal((6, 4, 1), (a.Solutions, a.Erroneous, a.ParseFailures));
        Assert.Equal(0.75, a.ErroneousAccuracy.Mean, 12);
        Assert.Equal(0.5, a.CorrectAccuracy.Mean, 12);
        Assert.Equal(2 * 0.75 * 0.5 / (0.75 + 0.5), a.F1.Mean, 12); // 0.6
        Assert.Equal(4.0 / 6, a.VerdictAccuracy.Mean, 12); // the unreadable critique and the flagged right solution miss

        var all = StepLabelMetrics.From(Judgements);
        Assert.Equal(3.0 / 5, all.ErroneousAccuracy.Mean, 12);
        Assert.Equal(2.0 / 3, all.CorrectAccuracy.Mean, 12);
        Assert.Equal(12.0 / 19, all.F1.Mean, 12); // 2 · 0.6 · 2/3 / (0.6 + 2/3)
        Assert.Equal(6.0 / 8, all.VerdictAccuracy.Mean, 12);
        Assert.True(all.F1.Low <= all.F1.Mean && all.F1.Mean <= all.F1.High);
        Assert.True(all.F1.Low < all.F1.High);
        Assert.Equal(8, all.F1.Count);
    }

    [Fact]
    public void The_report_has_each_subset_in_data_order_all_and_the_mean_subset_f1()
    {
        var report = StepLabelReport.From(Judgements);
        Assert.Equal(["a", "b"], report.BySubset.Keys);
        Assert.Equal(0, report.BySubset["b"].F1.Mean);
        Assert.Equal((0.6 + 0) / 2, report.MeanSubsetF1.Mean, 12);
        var rows = report.ToTable().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, rows.Length); // header, rule, a, b, all
        Assert.StartsWith("| a | 6 | 4 | 75.0% (", rows[2], StringComparison.Ordinal);
        Assert.StartsWith("| **all** | 8 | 5 | 60.0% (", rows[4], StringComparison.Ordinal);
        var cells = rows[4].Split('|', StringSplitOptions.TrimEntries);
        Assert.StartsWith("75.0% (", cells[7], StringComparison.Ordinal); // verdict accuracy
        Assert.Equal("1", cells[8]); // parse failures
        Assert.Contains("Mean F1 over subsets (ProcessBench's headline): 30.0% (", report.ToMarkdown("t", ["a note"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Label_sources_get_their_own_rows_most_common_first_and_none_when_the_data_names_none()
    {
        Assert.Empty(StepLabelReport.From(Judgements).ByLabelSource);
        Assert.Equal("", StepLabelReport.From(Judgements).ToLabelSourceTable());
        Assert.DoesNotContain("label source", StepLabelReport.From(Judgements).ToMarkdown("t", []), StringComparison.Ordinal);

        // Subset a's judgements: the three found at their label are inserted mistakes, the unreadable one a resampled
        // step; the right ones' labels come from their answers, except one the data leaves unnamed.
        string?[] sources = ["rg3-inserted", "rg3-inserted", "rg3-inserted", "rg2-resampled", "final-answer-correct", null];
        var labelled = Judgements[..6].Select((j, i) => j with { LabelSource = sources[i] }).ToArray();
        var report = StepLabelReport.From(labelled);

        Assert.Equal(["rg3-inserted", StepLabelReport.UnknownLabelSource, "final-answer-correct", "rg2-resampled"], report.ByLabelSource.Keys);
        Assert.Equal((3, 1.0), (report.ByLabelSource["rg3-inserted"].Erroneous, report.ByLabelSource["rg3-inserted"].ErroneousAccuracy.Mean));
        Assert.Equal((1, 0.0, 1), (report.ByLabelSource["rg2-resampled"].Erroneous, report.ByLabelSource["rg2-resampled"].ErroneousAccuracy.Mean, report.ByLabelSource["rg2-resampled"].ParseFailures));
        Assert.Equal(0.0, report.ByLabelSource[StepLabelReport.UnknownLabelSource].CorrectAccuracy.Mean); // its step 1 was flagged
        var rows = report.ToLabelSourceTable().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, rows.Length); // header, rule, four sources, all
        Assert.StartsWith("| label source |", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("| rg3-inserted | 3 | 3 | 100.0% (", rows[2], StringComparison.Ordinal);
        Assert.Contains(report.ToLabelSourceTable(), report.ToMarkdown("t", []), StringComparison.Ordinal);
    }

    [Fact]
    public void F1_is_undefined_without_both_kinds_and_zero_when_both_accuracies_are()
    {
        Assert.True(double.IsNaN(StepLabelMetrics.F1Of([J("a", 0, 0, true)])));
        Assert.Equal(0, StepLabelMetrics.F1Of([J("a", 0, 1, true), J("a", -1, 0, true)]));
        Assert.Equal(1, StepLabelMetrics.F1Of([J("a", 0, 0, true), J("a", -1, -1, false)]));
    }

    [Fact]
    public void A_bootstrap_of_the_mean_as_a_statistic_is_the_mean_bootstrap()
    {
        double[] scores = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1];
        static double Mean(IReadOnlyList<double> s)
        {
            double sum = 0;
            for (int i = 0; i < s.Count; i++)
                sum += s[i];
            return sum / s.Count;
        }
        Assert.Equal(BootstrapInterval.Mean(scores), BootstrapInterval.Of(scores, Mean));
        // Resamples where the statistic is undefined are left out; when all are, there is no interval.
        var none = BootstrapInterval.Of(scores, _ => double.NaN);
        Assert.True(double.IsNaN(none.Low) && double.IsNaN(none.High));
    }

    [Theory]
    // The critique's k-th step is the k-th line the critic saw: step 2 holds a line break (one line), step 3 is empty (no line).
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    // Past the last step: an index no label has.
    [InlineData(4, 4)]
    public void Rendered_steps_are_one_per_line_and_map_critique_steps_back_to_labels(int critiqueStep, int label)
    {
        var rendered = RenderedSteps.From(["x = 1.", "So\ny = 2.", "  ", "z = 3."]);
        Assert.Equal("x = 1.\nSo y = 2.\nz = 3.", rendered.Text);
        Assert.Equal(label, rendered.LabelOf(critiqueStep));
    }

    [Fact]
    public void A_preamble_the_segmenter_drops_is_no_critique_step()
    {
        var rendered = RenderedSteps.From(["Let's think step by step.", "x = 1.", "The answer is 1."]);
        Assert.Equal(1, rendered.LabelOf(1));
        Assert.Equal(2, rendered.LabelOf(2));
    }

    [Fact]
    public void A_critique_is_read_into_the_first_wrong_step_a_verdict_or_a_parse_failure()
    {
        var solution = new StepLabeledSolution("s", "gsm8k", "p", ["x = 1.", "", "y = 3.", "The answer is 3."], 2) { FinalAnswerCorrect = false };
        var rendered = RenderedSteps.From(solution.Steps);
        var found = StepLabelJudgement.From(solution, rendered, """
            Step sentence: x = 1.
            Correctness of the step: Correct
            Explanation: fine

            Step sentence: y = 3.
            Correctness of the step: Wrong
            Explanation: 1 + 1 is 2

            Correctness of the final answer: Wrong
            Explanation: step 2 is wrong
            """);
        Assert.Equal((2, true, true, true, false), (found.Predicted, found.SaysWrong, found.MatchesLabel, found.VerdictRight, found.FinalAnswerCorrect));

        var rejectedNoStep = StepLabelJudgement.From(solution, rendered, "Correctness of the final answer: Incorrect\nExplanation: the answer is off");
        Assert.Equal((-1, true, false, true), (rejectedNoStep.Predicted, rejectedNoStep.SaysWrong, rejectedNoStep.MatchesLabel, rejectedNoStep.VerdictRight));

        // Steps judged right and no final verdict (cut off): nothing can be said; a miss by every measure.
        var unreadable = StepLabelJudgement.From(solution, rendered, "Step sentence: x = 1.\nCorrectness of the step: Correct\nExplanation: fine");
        Assert.Equal(((int?)null, false, false, false), (unreadable.Predicted, unreadable.SaysWrong, unreadable.MatchesLabel, unreadable.VerdictRight));
        var right = solution with { Label = -1 };
        Assert.False(StepLabelJudgement.From(right, rendered, "Step sentence: x = 1.\nCorrectness of the step: Correct").MatchesLabel);
        Assert.True(StepLabelJudgement.From(right, rendered, "Correctness of the final answer: Correct").MatchesLabel);
    }
}
