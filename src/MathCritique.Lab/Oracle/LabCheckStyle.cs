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
    /// 41 not</c>), and an answer line's last result fetched before the answer (<c>before = 42; answer is 41 vs 42 not last</c>).
    /// The Scan critic's commonest errors were the opposite: an exact match judged <c>no</c> five entries into a scan,
    /// the stated result copied after the step's own <c>27 + 15 = </c>, and the answer written again after <c>41 vs</c>.
    /// </summary>
    ScanPairs,

    /// <summary>
    /// <see cref="ScanPairs"/> with a sum, difference or product redone digit by digit from the right before it is
    /// written as a number (<c>17 * 4 from right 86 makes 68 vs 78 not</c>; zeros up to the longer operand's width,
    /// <c>146 - 140 from right 600 makes 6</c>). Written from the right, each digit depends only on the digits above it
    /// and the carry from the one just written; the number itself is the stated result's spelling, which the scan
    /// critics copied instead of computing: the deep critic redid 2 of 179 wrongly stated sums right on 600 solutions, 626 of 688 rightly stated ones (docs/lab.md).
    /// Quotients are redone as before (long division runs from the left). Measured, not learnt: a critic taught it
    /// wrote the stated result's digits reversed (bench/README.md, "digits").
    /// </summary>
    ScanDigits,
}
