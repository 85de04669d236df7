using MathCritique.Reports;

namespace MathCritique.Tests.Reports;

public sealed class MarkdownTableTests
{
    [Fact]
    public void A_table_is_a_header_a_rule_and_one_line_per_row_in_the_invariant_culture()
    {
        var table = new MarkdownTable("level", "rate").Add(1, ReportFormat.Percent(0.5)).Add("**all**", 0.25);
        Assert.Equal("| level | rate |\n|---|---|\n| 1 | 50.0% |\n| **all** | 0.25 |\n", table.ToString());
    }

    [Fact]
    public void An_empty_corner_cell_and_empty_data_cells_keep_the_layout_reports_had()
    {
        Assert.Equal("| | count |\n|---|---|\n| RG1 | 3 |\n", new MarkdownTable("", "count").Add("RG1", 3).ToString());
        Assert.Equal("| a | b |\n|---|---|\n|  | x |\n", new MarkdownTable("a", "b").Add("", "x").ToString());
    }

    [Theory]
    [InlineData(0.123456, "12.3%", "+12.3")]
    [InlineData(-0.05, "-5.0%", "-5.0")]
    [InlineData(0.0, "0.0%", "0.0")]
    [InlineData(double.NaN, "–", "–")]
    public void Rates_and_differences_are_written_in_percent_and_signed_points(double value, string percent, string points)
    {
        Assert.Equal(percent, ReportFormat.Percent(value));
        Assert.Equal(points, ReportFormat.Points(value));
    }
}
