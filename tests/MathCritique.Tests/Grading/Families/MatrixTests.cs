using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary>Matrices and vectors, entry by entry, in any matrix environment or as a tuple.</summary>
public class MatrixTests
{
    private static readonly MathGrader Grader = new();

    public static TheoryData<string, string, bool> Entries => EquivalenceFamily.Cases(
        (@"\begin{pmatrix}1&2\\3&4\end{pmatrix}", @"\begin{bmatrix}1&2\\3&4\end{bmatrix}", true),
        (@"\begin{pmatrix}1&2\\3&4\end{pmatrix}", @"\begin{pmatrix} 1 & 2 \\ 3 & 4 \\ \end{pmatrix}", true),
        (@"\begin{pmatrix}1&2\\3&4\end{pmatrix}", @"\left[\begin{array}{cc}1&2\\3&4\end{array}\right]", true),
        (@"\begin{pmatrix}\frac12&1\end{pmatrix}", @"\begin{pmatrix}0.5&1\end{pmatrix}", true),
        (@"\begin{pmatrix}x&1\end{pmatrix}", @"\begin{pmatrix}x&1\end{pmatrix}", true),
        (@"\begin{pmatrix}1\\2\end{pmatrix}", "(1,2)", true), (@"\begin{pmatrix}1&2\end{pmatrix}", "(1,2)", true), (@"\begin{bmatrix}1\\2\end{bmatrix}", "[1,2]", true),
        (@"\begin{pmatrix}1&2\\3&4\end{pmatrix}", @"\begin{pmatrix}1&3\\2&4\end{pmatrix}", false),
        (@"\begin{pmatrix}1&2\\3&4\end{pmatrix}", @"\begin{pmatrix}1&2&3&4\end{pmatrix}", false),
        (@"\begin{pmatrix}1\\2\end{pmatrix}", @"\begin{pmatrix}1\\2\\3\end{pmatrix}", false), (@"\begin{pmatrix}1\\2\end{pmatrix}", "(2,1)", false),
        (@"\begin{pmatrix}0.5&1\end{pmatrix}", @"\begin{pmatrix}0.51&1\end{pmatrix}", false), (@"\begin{pmatrix}1\\2\end{pmatrix}", @"\{1,2\}", false),
        (@"\begin{pmatrix}1&2\\3&4\end{pmatrix}", "1", false));

    [Theory]
    [MemberData(nameof(Entries))]
    public void Entry_by_entry(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);
}
