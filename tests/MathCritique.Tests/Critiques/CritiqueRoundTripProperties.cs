using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathCritique.Critiques;

namespace MathCritique.Tests.Critiques;

public class CritiqueRoundTripProperties
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 +-*/=().,$%:'?";

    // Single-line field text as a model would write it: starts with a letter or digit.
    private static Gen<string> FieldText(bool allowEmpty) =>
        from head in Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray())
        from tail in Gen.ArrayOf(Gen.Elements(Alphabet.ToCharArray()))
        from empty in Gen.Frequency((1, Gen.Constant(allowEmpty)), (5, Gen.Constant(false)))
        select empty ? "" : (head + new string(tail).Replace("**", "*", StringComparison.Ordinal)).Trim();

    private static Gen<Verdict> KnownVerdict => Gen.Elements(Verdict.Correct, Verdict.Wrong);

    private static Arbitrary<Critique> Critiques() =>
        (from steps in Gen.ListOf(
                from text in FieldText(allowEmpty: false)
                from verdict in KnownVerdict
                from explanation in FieldText(allowEmpty: true)
                select (text, verdict, explanation))
         from final in KnownVerdict
         from finalExplanation in FieldText(allowEmpty: true)
         select new Critique(
             steps.Select((s, i) => new StepVerdict(i + 1, s.text, s.verdict, s.explanation)).ToArray(),
             final,
             finalExplanation)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Formatter_then_parser_gives_back_the_critique() =>
        Prop.ForAll(Critiques(), original =>
        {
            var parsed = CritiqueParser.Parse(CritiqueFormatter.Format(original));
            return parsed.Issues.Count == 0
                && parsed.Critique.FinalAnswer == original.FinalAnswer
                && parsed.Critique.FinalExplanation == original.FinalExplanation
                && parsed.Critique.Steps.SequenceEqual(original.Steps)
                && parsed.Critique.FirstWrongStep == original.FirstWrongStep;
        });
}
