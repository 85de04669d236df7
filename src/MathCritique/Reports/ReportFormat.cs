using System.Globalization;

namespace MathCritique.Reports;

/// <summary>How reports write rates, differences of rates and counts.</summary>
public static class ReportFormat
{
    /// <summary>A rate as a percentage with one decimal; – for none.</summary>
    public static string Percent(double value) => double.IsNaN(value) ? "–" : (100 * value).ToString("F1", CultureInfo.InvariantCulture) + "%";

    /// <summary>A difference of rates in percentage points, signed; – for none.</summary>
    public static string Points(double value) => double.IsNaN(value) ? "–" : (100 * value).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture);

    /// <summary>A count with its noun, singular for one: "1 problem", "3 problems".</summary>
    public static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count.ToString(CultureInfo.InvariantCulture)} {noun}s";
}
