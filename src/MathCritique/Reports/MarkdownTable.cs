using System.Globalization;
using System.Text;

namespace MathCritique.Reports;

/// <summary>A Markdown table built row by row: the one table writer of every report and metrics file.</summary>
public sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row; cells are formatted with the invariant culture.</summary>
    public MarkdownTable Add(params object?[] cells)
    {
        _rows.Add(cells.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "").ToArray());
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append('|');
        foreach (var header in headers)
            text.Append(header.Length == 0 ? " |" : $" {header} |"); // an empty corner cell: "| |"
        text.Append('\n');
        text.Append('|').Append(string.Concat(Enumerable.Repeat("---|", headers.Length))).Append('\n');
        foreach (var row in _rows)
        {
            text.Append('|');
            foreach (var cell in row)
                text.Append(' ').Append(cell).Append(" |");
            text.Append('\n');
        }
        return text.ToString();
    }
}
