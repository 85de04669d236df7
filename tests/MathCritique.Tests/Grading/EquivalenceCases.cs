namespace MathCritique.Tests.Grading;

/// <summary>(gold answer, predicted answer, equivalent?) per family; positive and negative cases, including the
/// classic failures of naive graders (<c>2\cdot 3</c> read as 23, <c>1,000</c> as a list, <c>x=5</c> vs 5...).</summary>
public static class EquivalenceCases
{
    public static readonly (string Gold, string Pred, bool Equal)[] Integers =
    [
        ("5", "5", true), ("-5", "-5", true), ("5", "-5", false), ("10", "100", false), ("72", "72.0", true), ("72", "72.00", true),
        ("0", "-0", true), ("007", "7", true), ("1000000", "1000001", false), ("123456789", "123456789", true),
        ("12", "12.", true), ("3", "+3", true), ("3", "4", false), ("0", "0.0", true), ("100", "1e2", true),
        ("9007199254740993", "9007199254740992", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Decimals =
    [
        ("3.5", "3.50", true), ("0.5", ".5", true), ("3.5", "3.4", false), ("18.9", @"\$18.90", true), ("0.25", "0.250", true),
        ("2.5", "2.51", false), ("-0.75", "-.75", true), ("1.5", "1.50001", true), ("1.5", "1.51", false), ("1.5", "1.5000000001", true),
        ("0.1", "0.10000", true), ("3.14", "3.1416", true), ("0.5", "0.54", false), ("12.57", @"4\pi", true), ("0.33", @"\frac13", true),
        (@"\frac13", "0.33", false), (@"\frac13", "0.333", false), (@"\frac{1}{3}", "0.3333333333", true), ("0.3", @"\frac13", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Thousands =
    [
        ("1000", "1,000", true), ("1,000", "1000", true), ("7425000", "7,425,000", true), ("1000", @"1{,}000", true),
        ("10000", @"10,\!000", true), ("10000", @"\$10,\!000", true), ("16386.20", @"\$16,\!386.20", true), ("14916", @"14{,}916", true),
        ("1000.99", "1,000.99", true), ("1000", "1,0000", false), ("12000023", "12,000,023", true), ("1000", @"1\,000", true),
        ("1000", "100", false), ("1,000", "10,000", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] DecimalCommas =
    [
        // A plain comma is a decimal comma only with GraderOptions.DecimalComma (DecimalCommaTests); LaTeX's 3{,}5 always is.
        ("3.5", @"3{,}5", true), ("1000.99", "1000,99", false), ("3.5", "3,6", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Scientific =
    [
        ("1000", "1e3", true), ("1000", @"1\times10^{3}", true), ("1000", @"1 \times 10^3", true), ("0.032", @"3.2 \cdot 10^{-2}", true),
        ("0.032", @"3.2\times 10^{-3}", false), ("6.02e23", @"6.02\times10^{23}", true), ("2.5E-4", "0.00025", true), ("1e3", "1e4", false),
        ("150000", @"1.5 \times 10^5", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Currency =
    [
        ("5", @"\$5", true), ("5", "5 dollars", true), ("5", @"\$5.00", true), ("18.90", "18.9", true), ("5", @"5\text{ dollars}", true),
        ("5", @"\$6", false), ("1000.99", "1,000.99€", true), ("25", "25 cents", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Units =
    [
        ("5", "5 cm", true), ("5", @"5\text{ cm}^2", true), ("5", "5 apples", true), ("15", @"15\mbox{ cm}^2", true),
        (@"15\mbox{ cm}^2", "15", true), ("12", @"12\mbox{ inches}", true), ("12", @"12 \text{inches}", true), ("125", @"125\textnormal{ miles}", true),
        ("5", "5cm", true), ("10", "10 square feet", true), ("4", "4 m", true), ("5", "6 apples", false), (@"\frac{1}{3}", @"\frac{1}{3} \text{meters}", true),
        (@"\frac{1}{3}", @"\frac{1}{3} \textbf{meters}", true), ("7", "7 days", true), ("20", "20 mph", true), ("3", "3 hours", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Percent =
    [
        (@"10\%", "10", true), (@"10\%", "0.1", true), (@"10\%", @"10\%", true), ("10", @"10\%", true), ("0.1", @"10\%", true),
        (@"28\%", "28 percent", true), (@"28\%", "28 %", true), (@"28\%", "28%", true), (@"5\%", "5", true), (@"10\%", "20", false),
        (@"10\%", "0.2", false), (@"12.5\%", @"\frac{1}{8}", true), (@"50\%", "50.0", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Fractions =
    [
        ("0.5", @"\frac12", true), ("0.5", @"\frac{1}{2}", true), (@"\frac{1}{2}", "2", false), (@"\frac{1}{2}", "1/2", true),
        (@"\frac{1}{2}", @"\dfrac{1}{2}", true), (@"\frac{1}{2}", @"\tfrac{1}{2}", true), (@"\frac{1}{2}", @"\frac1{2}", true),
        (@"\frac{1}{2}", @"\frac{2}{4}", true), (@"\dfrac{7}{2}", "3.5", true), (@"-\frac{1}{2}", "-0.5", true), (@"-\frac{1}{2}", "0.5", false),
        (@"-\frac{1}{2}", @"\frac{-1}{2}", true), (@"-\frac{1}{2}", @"\frac{1}{-2}", true), ("10/9", @"\frac{10}{9}", true), ("-10/9", @"-\frac{10}{9}", true),
        (@"\frac{1}{3}", "1/3", true), (@"\frac{3}{4}", @"\frac{4}{3}", false), (@"\frac{9}{4}\pi", @"\frac94\pi", true), ("1", @"\frac3{3}", true),
        (@"\frac{14}{3}", @"4\frac{2}{3}", true), (@"\frac{1}{12}", "0.0833333333333333", true), (@"\frac{1}{2}", @"\cfrac{1}{2}", true),
        (@"\frac{3}{56}", @"\frac{3}{56}", true), (@"\frac{2}{3}", "2/3", true), (@"\frac{2}{3}", "3/2", false), (@"\frac{1}{2}", @"\frac{1}{3}", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] MixedNumbers =
    [
        (@"2\frac{1}{2}", "2.5", true), ("2.5", "2 1/2", true), (@"\frac{5}{2}", @"2\frac12", true), (@"-2\frac{1}{2}", "-2.5", true),
        (@"6\frac{1}{4}", "6.25", true), (@"2\frac{1}{2}", "1", false), ("21/2", "10.5", true), (@"2\frac{x}{3}", @"\frac{2x}{3}", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Radicals =
    [
        (@"\sqrt{2}", @"\sqrt2", true), (@"\sqrt{8}", @"2\sqrt2", true), (@"\sqrt{8}", @"2\sqrt{2}", true), (@"\sqrt[3]{8}", "2", true),
        (@"\sqrt{3}", @"\sqrt{2}", false), (@"\frac{\sqrt{3}}{2}", @"\frac{1}{2}\sqrt{3}", true), (@"\frac{\sqrt{3}}{2}", @"\frac{\sqrt{3}}{3}", false),
        (@"3\sqrt{13}", @"\sqrt{117}", true), (@"\sqrt{2}+\sqrt{5}", @"\sqrt 2+\sqrt 5", true), (@"\frac{\sqrt{2}}{2}", @"\frac{1}{\sqrt{2}}", true),
        (@"2\sqrt{5}", @"\sqrt{20}", true), (@"2\sqrt{5}", @"\sqrt{10}", false), (@"1\sqrt{19}", "1", false), (@"\sqrt[3]{-8}", "-2", true),
        (@"\frac{5\sqrt{42}}{27}", @"\frac{10\sqrt{10.5}}{27}", true), ("2", @"\frac{1+\sqrt{5}}{2}", false), (@"4\sqrt{3}", @"4 \sqrt 3", true),
        ("4", @"\frac{34}{16}+\frac{\sqrt{1358}}{16}", false), (@"\sqrt{x}", "x^{1/2}", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] PiAndPowers =
    [
        (@"2\pi", @"2 \pi", true), (@"2\pi", @"\pi \cdot 2", true), (@"2\pi", "6.283185307", true), (@"\pi", "3", false), (@"4\pi", @"\pi 4", true),
        ("8", "2^3", true), ("1024", "2^{10}", true), ("1024", "2^10", true), ("9", "3^2", true), ("27", "3^2", false), (@"\frac{\pi}{6}", @"\frac{1}{6}\pi", true),
        (@"\pi r^2", @"r^2\pi", true), (@"e^2", @"e \cdot e", true), ("120", "5!", true), ("24", "4!", true), ("15", "5!!", true), ("10", @"\binom{5}{2}", true),
        ("10", @"\dbinom{5}{3}", true), (@"\binom{6}{3}", "20", true), ("6", "3!", true), ("7", "3!", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Degrees =
    [
        (@"30^\circ", "30", true), ("30", @"30^{\circ}", true), (@"90^\circ", @"90^\circ", true), (@"90^\circ", "90°", true), (@"45^\circ", "45 degrees", true),
        (@"30^\circ", "60", false), (@"120^{\circ}", "120", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] TextWrappers =
    [
        (@"\text{Evelyn}", "Evelyn", true), (@"\text{Evelyn}", "Briana", false), (@"\text{(C)}", "C", true), ("C", @"\text{(C)}", true),
        (@"\text{(C)}", "(C)", true), (@"\text{(C)}", "D", false), (@"\mathrm{5}", "5", true), (@"\textbf{12}", "12", true), (@"\mbox{7}", "7", true),
        (@"\text{yes}", "Yes", true), (@"\text{no}", @"\text{yes}", false), ("(A)", "A", true), (@"\textbf{(B)}", "B", true),
        (@"\text{Monday}", @"\text{Tuesday}", false), (@"\operatorname{lcm}", "lcm", true), ("Evelyn", "Evlyen", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] LeftRight =
    [
        (@"\left( \frac{1}{3} \right)", @"\frac13", true), (@"\left(3, \frac{\pi}{2}\right)", @"(3, \frac{\pi}{2})", true),
        (@"\left[0, 1\right)", "[0,1)", true), (@"\left|x\right|", "|x|", true), (@"\left\{1,2\right\}", @"\{1,2\}", true),
        (@"\left( \frac{4}{5}, \frac{1}{5} \right)", @"\left( \frac{4}{5}, \frac{1}{5} \right)", true), (@"\left( \frac{1}{5}, \frac{1}{6} \right)", @"(\frac{1}{6}, \frac{1}{5})", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Equations =
    [
        ("5", "x=5", true), ("x=5", "5", true), ("x = 5", "x=5", true), ("5", "x = 6", false), ("2x+1", "y = 2x+1", true), ("y = 2x+1", "2x+1", true),
        ("y = 2x + 1", "y = 1 + 2x", true), ("y=2x+1", "y=2x-1", false), (@"\frac{1}{3}", @"k = \frac{1}{3}", true), ("11", "x = 5+5+1 = 11", true),
        ("x = 11", "x = 5+5+1 = 7 = 11", true), ("7 = 11a+c", "11a+c", false), ("a+3z=0", "0", false), ("2x+4y-3=0", @"y=-\frac{1}{2}x+\frac{3}{4}", true),
        ("34x+45y-20z+100=0", "-34x-45y+20z-100=0", true), ("x+y=1", "x-y=1", false), ("k=1", "1", true), ("1", "k=1", true),
        ("11", @"x\approx11", true), ("f(x) = x^2", "x^2", true), ("(x,y) = (1,2)", "(1,2)", true), ("5 = x", "5", true), ("y = 3", "y = 4", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Inequalities =
    [
        ("x > 3", "3 < x", true), ("x >= 5", @"x \geq 5", true), ("x < 3", @"x \lt 3", true), (@"x \leq 2", "x <= 2", true), ("x > 5", "x < 5", false),
        (@"x \geq 5", @"x \leq 5", false), (@"x \leq 5", @"5 \geq x", true), ("x < 1", "-x > -1", true), ("x < 1", "x > -1", false),
        ("x <= 1", "-x >= -1", true), ("x > 3", "x >= 3", false), (@"x \neq 3", "x != 3", true), ("(3, \\infty)", "x > 3", true),
        ("x > 3", @"(3, \infty)", true), (@"[3, \infty)", "x > 3", false), (@"(-1, 2]", @"-1 < x \le 2", true), (@"-1 < x \le 2", @"-1 \le x \le 2", false),
        (@"f(2) < f(1) < f(4)", @"f(2) < f(1) < f(4)", true), (@"(-\infty, -1) \cup (2, \infty)", "x < -1 or x > 2", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] PlusMinus =
    [
        (@"1\pm\sqrt2", @"1+\sqrt2, 1-\sqrt2", true), (@"1\pm\sqrt{2}", @"1-\sqrt{2}, 1+\sqrt{2}", true), (@"1 \pm \sqrt{19}", @"x = 1 \pm \sqrt{19}", true),
        (@"1\pm\sqrt2", @"1+\sqrt2", false), (@"\pm 2", "2, -2", true), (@"\pm 2", "-2, 2", true), (@"3 \pm 2 \sqrt{2}", @"3+2\sqrt{2}, 3-2\sqrt{2}", true),
        (@"\{1\pm\sqrt{5},-2\}", @"\{1\pm\sqrt{5},-2\}", true), (@"\{1\pm\sqrt{5},-2\}", @"-2, 1+\sqrt5, 1-\sqrt5", true), (@"1\pm\sqrt2", @"1\pm\sqrt3", false),
        (@"x = \pm 2", @"\pm 2", true), (@"\frac{-1 \pm \sqrt{5}}{2}", @"\frac{-1 + \sqrt{5}}{2}, \frac{-1 - \sqrt{5}}{2}", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Lists =
    [
        ("1, 2", "2, 1", true), ("2,3", "3,2", true), (@"1 \text{ and } 2", "1, 2", true), (@"12\text{ and }13", "12, 13", true), ("1, 2", "1, 3", false),
        ("1, 2", "1, 2, 3", false), ("-2,1", "1,-2", true), ("-2, 1", "-2", false), ("x = 2, x = 3", "2, 3", true), ("2, 3", "x=3, x=2", true),
        (@"1,2,3", @"\{1,2,3\}", true), (@"2 \text{ or } 3", "3, 2", true), ("1; 2", "1, 2", true), ("5", "5, 5", false), ("0, 1", @"\{0, 1\}", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Sets =
    [
        (@"\{1,2\}", @"\{2,1\}", true), (@"\{1,2\}", @"\{1,3\}", false), (@"\{1,2\}", "(1,2)", false), (@"\{1, 2, 3\}", @"\{3, 1, 2\}", true),
        (@"\{-1\} \cup [0,7)", @"\{-1\} \cup [0,7)", true), (@"\{5\}", "5", true), (@"\emptyset", @"\varnothing", true), (@"\emptyset", @"\{\}", true),
        (@"\{\frac12, 2\}", @"\{2, 0.5\}", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Tuples =
    [
        ("(1,2)", "(1,2)", true), ("(1,2)", "(2,1)", false), ("(1,2)", "[1,2]", false), ("(6,31,-1)", "(6, 31, -1)", true), ("(1,2,3)", "(1,2)", false),
        (@"(1,\frac{9}{2})", "(1,4.5)", true), (@"(3, \frac{\pi}{2})", @"\left( 3, \frac{\pi}{2} \right)", true), ("(7,6)", "(6,7)", false),
        (@"\langle 1, 2 \rangle", "(1, 2)", true), ("(1,2)", "1,2", true), ("(-1, 0)", "(-1,0)", true), ("(2,-3)", "(2,3)", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Intervals =
    [
        ("(0,1]", "(0,1]", true), ("(0,1]", "[0,1]", false), ("[0,1)", "[0,1)", true), ("[0,9)", "[0,1)", false), ("(0,9)", "[0,9)", false),
        (@"(-\infty, 3) \cup (4, \infty)", @"(-\infty,3)\cup(4,\infty)", true), (@"(-\infty, 3) \cup (4, \infty)", @"(4, \infty) \cup (-\infty, 3)", true),
        (@"(-\infty, 3) \cup (4, \infty)", @"(-\infty, 3] \cup (4, \infty)", false), (@"[2, 5)", @"x \in [2, 5)", true), (@"[2,\infty)", @"[2, \infty)", true),
        (@"[-1, -\frac{1}{2}) \cup (-\frac{1}{2}, 0) \cup (0, 1) \cup (1, \infty)", @"[-1, -\tfrac12) \cup (-\tfrac12, 0) \cup (0, 1) \cup (1, \infty)", true),
        (@"(\frac{3}{5},\frac{8}{3}]", @"(0.6,\frac{8}{3}]", true), ("[-3,2]", @"(-\infty, -3] \cup [2, \infty)", false), ("[0,1)", "(0, 1)", false),
        (@"(-\infty,\infty)", @"\mathbb{R}", true), (@"(-\infty, 0)", @"(-\infty, 0]", false), (@"(-\infty, 5)", @"(-\infty, 6)", false),
        ("1", "-[0,1)", false), (@"[2,\infty)", @"[2,\infty]", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Matrices =
    [
        (@"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", @"\begin{pmatrix}1\\2\end{pmatrix}", true), (@"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", @"\begin{pmatrix} 2 \\ 1 \end{pmatrix}", false),
        (@"\begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix}", @"\begin{bmatrix}1 & 0 \\ 0 & 1\end{bmatrix}", true), (@"\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix}", @"\begin{pmatrix}1 & 2 \\ 3 & 5\end{pmatrix}", false),
        (@"\begin{pmatrix}1 & 2 \\3 & 4\end{pmatrix}", @"\left[\begin{array}{cc}1 & 2 \\3 & 4\end{array}\right]", true), (@"\begin{pmatrix}\frac{1}{2} & \frac{3}{4} \\ \frac{5}{6} & \frac{7}{8}\end{pmatrix}", @"\begin{pmatrix}0.5 & 0.75 \\ \frac{5}{6} & 0.875\end{pmatrix}", true),
        (@"\begin{pmatrix} 0 & 3 \\ 0 & -1 \end{pmatrix}", @"\begin{pmatrix} 0 & 3 \\ 0 & -1 \end{pmatrix}", true), (@"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", "(1, 2)", true),
        (@"\begin{pmatrix} 1 & 2 \end{pmatrix}", @"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", false), (@"\begin{pmatrix} -\frac{7}{4} & -2 \\ 4 & \frac{1}{4} \\ \end{pmatrix}", @"\begin{pmatrix}-1.75&-2\\4&0.25\end{pmatrix}", true),
        (@"\begin{pmatrix} 3 \\ 2 \\ -6 \end{pmatrix}", @"\begin{pmatrix} 3 \\ 2 \\ 6 \end{pmatrix}", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Algebra =
    [
        ("x^2+2x+1", "(x+1)^2", true), ("x^2", "2x", false), ("2x", "x2", true), (@"2 \sin b \cos a", @"2\cos a \sin b", true), (@"\frac{x+2}{7}", @"\frac{x}{7}+\frac{2}{7}", true),
        (@"\tan^2(y)+1", @"\sec^2(y)", true), ("2-2p", "2-2p", true), ("2-2p", "2+2p", false), (@"\frac{\pi r}{h+r}", @"\frac{r\pi}{r+h}", true), ("x+2n+1", "x+1", false),
        ("(a+5)(b+2)", "(+5)(b+2)", false), ("xy", "yx", true), ("x y", "xy", true), (@"2\pi r", @"2 r \pi", true), (@"\ln(x^2)", @"2\ln x", true), ("a^2-b^2", "(a-b)(a+b)", true),
        ("a^2-b^2", "(a-b)^2", false), (@"\frac{1}{x}", "x^{-1}", true), (@"e^{i\pi}", "-1", true), ("3+4i", "4i+3", true), ("3+4i", "3-4i", false), ("|x|", "x", true),
        (@"\sqrt{x^2}", "|x|", true), (@"\sin^2 x + \cos^2 x", "1", true), (@"\log_2 8", "3", true), (@"\ln e", "1", true), (@"\exp(0)", "1", true),
        ("2x+3", "3+2x", true), ("2x+3", "2x+4", false), ("x^3-1", "(x-1)(x^2+x+1)", true), (@"\frac{2}{x-1}", @"\frac{4}{2x-2}", true), ("x_1 + x_2", "x_2 + x_1", true),
        (@"\frac{\sqrt{\sqrt{11}+\sqrt{194}}}{15+2\sqrt{33}}", @"\frac{\sqrt{\sqrt{11}+\sqrt{194}}}{2\sqrt{33}+15}", true), ("-x", "x", false), (@"\lfloor 3.7 \rfloor", "3", true),
        (@"\lceil 3.2 \rceil", "4", true), ("a+b", "a+c", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] NaiveFailures =
    [
        ("6", @"2\cdot 3", true), ("23", @"2\cdot 3", false), ("6", @"2 \times 3", true), ("1000", "1,000", true), ("0.5", @"\frac12", true),
        ("5", "x=5", true), (@"\frac{1}{2}", "2", false), ("10", "100", false), ("(1,2)", "[1,2]", false), (@"\{1,2\}", @"\{2,1\}", true),
        (@"\sqrt{8}", @"2\sqrt2", true), ("x^2+2x+1", "(x+1)^2", true), ("x^2", "2x", false), ("12", "1 2", false), ("2", "1+1", true),
        (@"\frac{1}{2}", @"\frac{1}{2}x", false), ("3", "33", false), ("1", "-1", false), ("2", @"\sqrt{4}", true), (@"-\frac{1}{2}", @"\frac{1}{2}", false),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] Delimiters =
    [
        ("9", "$9$", true), ("9", @"\(9\)", true), ("9", @"\[9\]", true), ("9", "$$9$$", true), ("$9$", "9", true), ("9", "9.", true),
        ("9", "**9**", true), ("10", "(9+1)", true), (@"\boxed{5}", "5", true), ("1/3", @"\frac13 ", true),
    ];

    public static readonly (string Gold, string Pred, bool Equal)[] RepeatingDecimals =
    [
        (@"\frac{1}{3}", @"0.\overline{3}", true), (@"\frac{1}{6}", @"0.1\overline{6}", true), (@"\frac{1}{3}", @"0.\overline{6}", false), (@"\frac{4}{33}", @"0.\overline{12}", true),
    ];

    public static IEnumerable<(string Family, string Gold, string Pred, bool Equal)> All()
    {
        foreach (var (name, table) in Families())
        {
            foreach (var (gold, pred, equal) in table)
                yield return (name, gold, pred, equal);
        }
    }

    public static IEnumerable<(string Name, (string Gold, string Pred, bool Equal)[] Table)> Families() =>
    [
        (nameof(Integers), Integers), (nameof(Decimals), Decimals), (nameof(Thousands), Thousands), (nameof(DecimalCommas), DecimalCommas),
        (nameof(Scientific), Scientific), (nameof(Currency), Currency), (nameof(Units), Units), (nameof(Percent), Percent),
        (nameof(Fractions), Fractions), (nameof(MixedNumbers), MixedNumbers), (nameof(Radicals), Radicals), (nameof(PiAndPowers), PiAndPowers),
        (nameof(Degrees), Degrees), (nameof(TextWrappers), TextWrappers), (nameof(LeftRight), LeftRight), (nameof(Equations), Equations),
        (nameof(Inequalities), Inequalities), (nameof(PlusMinus), PlusMinus), (nameof(Lists), Lists), (nameof(Sets), Sets), (nameof(Tuples), Tuples),
        (nameof(Intervals), Intervals), (nameof(Matrices), Matrices), (nameof(Algebra), Algebra), (nameof(NaiveFailures), NaiveFailures),
        (nameof(Delimiters), Delimiters), (nameof(RepeatingDecimals), RepeatingDecimals),
    ];
}
