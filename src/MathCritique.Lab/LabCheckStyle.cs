namespace MathCritique.Lab;

/// <summary>How a <see cref="LabCheckLines"/> working line decides whether an operand is at hand.</summary>
public enum LabCheckStyle
{
    /// <summary>One mark after the operand (<c>68 new</c>): the critic must find the number anywhere above.</summary>
    Marks,

    /// <summary>
    /// The operand is compared with each number at hand in turn, Numbers line first, then earlier results, until one
    /// matches (<c>4: 71 no, 4 yes given</c>; <c>68: 71 no, 4 no, 67 no, new</c>), and a sum with the stated result
    /// (<c>= 42 vs 41 not</c>). Longer, but every decision compares two numbers a few bytes apart — what a small
    /// critic learns (bench/README.md, "Lab models": adjacent comparison learnt, lookup not, in the same budget).
    /// </summary>
    Scan,

    /// <summary>
    /// <see cref="Scan"/> written so that no decision is a copy: the operand beside each number it is compared with
    /// (<c>4: 71 vs 4 no, 4 vs 4 yes given</c>), the sum redone in other words than the step's (<c>27 + 15 makes 42 vs
    /// 41 not</c>), and an answer line's last result fetched before the answer (<c>before = 42; 41 vs 42 not last</c>).
    /// The Scan critic's commonest errors were the opposite: an exact match judged <c>no</c> five entries into a scan,
    /// the stated result copied after the step's own <c>27 + 15 = </c>, and the answer written again after <c>41 vs</c>.
    /// </summary>
    ScanPairs,
}
