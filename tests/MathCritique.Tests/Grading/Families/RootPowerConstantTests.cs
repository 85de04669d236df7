using MathCritique.Grading;

namespace MathCritique.Tests.Grading.Families;

/// <summary>Roots, powers, <c>\pi</c> and <c>e</c>, and expressions with variables compared by evaluation at pseudo-random points.</summary>
public class RootPowerConstantTests
{
    private static readonly MathGrader Grader = new();

    public static TheoryData<string, string, bool> Roots => EquivalenceFamily.Cases(
        (@"\sqrt{3}", @"\sqrt3", true), (@"\sqrt{3}", @"\sqrt 3", true), (@"\sqrt{3}", "3^{1/2}", true), (@"\sqrt[3]{8}", "2", true), ("2", @"\sqrt[3]{8}", true),
        (@"\sqrt{12}", @"2\sqrt3", true), (@"\sqrt[4]{16}", "2", true), (@"\frac{1}{\sqrt2}", @"\frac{\sqrt2}{2}", true),
        (@"\sqrt{3}", @"\sqrt2", false), (@"\sqrt[3]{8}", @"\sqrt{8}", false), ("2", @"\sqrt[4]{8}", false), (@"\sqrt{12}", @"3\sqrt2", false),
        (@"\sqrt3", "3", false), (@"\sqrt{3}", @"\sqrt{3}x", false));

    [Theory]
    [MemberData(nameof(Roots))]
    public void Root_spellings(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);

    public static TheoryData<string, string, bool> PowersAndConstants => EquivalenceFamily.Cases(
        ("2^{10}", "1024", true), ("x^{2}", "x^2", true), ("2^{-1}", "0.5", true), (@"\pi", "3.14159265358979", true), (@"\frac{\pi}{2}", @"\pi/2", true),
        ("e", "2.718281828", true), ("e^2", "e^{2}", true), ("e^{x}", @"\exp(x)", true), (@"e^{i\pi}", "-1", true), (@"2\pi r", @"2r\pi", true),
        ("2^{10}", "1000", false), ("x^{2}", "x^3", false), (@"2\pi", @"\pi", false), (@"\pi", "3.14", false), ("e^2", "2e", false),
        ("e^{x}", @"\exp(2x)", false), (@"\frac{\pi}{2}", @"2/\pi", false), ("2^{3^2}", "64", false), ("2^{3^2}", "512", true));

    [Theory]
    [MemberData(nameof(PowersAndConstants))]
    public void Powers_pi_and_e(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);

    public static TheoryData<string, string, bool> Symbolic => EquivalenceFamily.Cases(
        ("(x+1)^2", "x^2+2x+1", true), (@"\sin^2 x", @"1 - \cos^2 x", true), (@"\frac{x^2-1}{x-1}", "x+1", true), ("a(b+c)", "ab+ac", true),
        (@"\ln(xy)", @"\ln x + \ln y", true), (@"\frac{1}{a}+\frac{1}{b}", @"\frac{a+b}{ab}", true),
        ("(x+1)^2", "x^2+1", false), (@"\sin^2 x", @"1 - \sin^2 x", false), ("a(b+c)", "ab+c", false), (@"\ln(xy)", @"\ln x \ln y", false),
        ("x+y", "x+z", false), ("x^2", "x^{2.001}", false));

    [Theory]
    [MemberData(nameof(Symbolic))]
    public void Symbolic_equality_by_evaluation(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);

    // Inside a trigonometric function a degree mark is an angle; elsewhere it is a unit that goes (30° ≡ 30).
    public static TheoryData<string, string, bool> Degrees => EquivalenceFamily.Cases(
        (@"\frac12", @"\sin 30^\circ", true), ("0.5", @"\cos 60°", true), (@"-\sqrt3", @"\frac{\sin 80^\circ(-1+4\cos 80^\circ)}{\cos 80^\circ}", true),
        ("1", @"\tan 45^{\circ}", true), ("30", @"30^\circ", true),
        (@"\frac12", @"\sin 30", false), (@"\frac12", @"\sin 60^\circ", false), (@"-\sqrt3", @"\frac{\sin 80(-1+4\cos 80)}{\cos 80}", false),
        ("30", @"31^\circ", false));

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Degrees_inside_trigonometric_functions(string gold, string pred, bool expected) => EquivalenceFamily.Decides(Grader, gold, pred, expected);
}
