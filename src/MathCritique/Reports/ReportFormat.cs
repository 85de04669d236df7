using System.Globalization;

namespace MathCritique.Reports;

/// <summary>How reports write rates and differences of rates.</summary>
public static class ReportFormat
{
    /// <summary>A rate as a percentage with one decimal; – for none.</summary>
    public static string Percent(double value) => double.IsNaN(value) ? "–" : (100 * value).ToString("F1", CultureInfo.InvariantCulture) + "%";

    /// <summary>A difference of rates in percentage points, signed; – for none.</summary>
    public static string Points(double value) => double.IsNaN(value) ? "–" : (100 * value).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture);
}
