namespace MathCritique.Lab;

/// <summary>A step's check line (<see cref="LabCheckLines.Read"/>) and what its bad marks flag.</summary>
/// <param name="Text">The line, as a check-line critic writes it after <c>Check: </c>.</param>
/// <param name="Flags">
/// One sentence per bad mark, in the line's order and the oracle's words: <c>68 is not given or computed before.</c>
/// (<c>new</c>), <c>7 is used already.</c> (<c>used</c>), <c>17 * 4 is 68, not 67.</c> (<c>not</c>), <c>… cannot be
/// computed.</c>, <c>The last result is 42, not 41.</c> (<c>not last</c>); empty when the line flags nothing.
/// </param>
public sealed record LabCheckLine(string Text, IReadOnlyList<string> Flags)
{
    /// <summary>Whether the line flags anything (<see cref="LabCheckLines.HasBadMark"/> of <see cref="Text"/>).</summary>
    public bool IsBad => Flags.Count > 0;
}
