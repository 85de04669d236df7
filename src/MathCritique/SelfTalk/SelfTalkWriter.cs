namespace MathCritique.SelfTalk;

/// <summary>Options of <see cref="SelfTalkWriter"/>.</summary>
public sealed record SelfTalkWriterOptions
{
    /// <summary>The share of right steps followed by a confirmation (a check that finds the step right), drawn per step.</summary>
    public double ConfirmationRate { get; init; } = 0.25;

    public void Validate()
    {
        if (double.IsNaN(ConfirmationRate) || ConfirmationRate is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(ConfirmationRate), ConfirmationRate, "must be in [0, 1]");
    }
}

/// <summary>
/// Writes a <see cref="SelfTalkSource"/> as trace text (<see cref="SelfTalkFormat"/>): each attempt from where the one
/// before it went wrong, up to and including its own first wrong step, then a check that flags that step with the
/// critique's explanation and a correction line; then the solution from the last flagged step to its end. A right
/// step with an explanation gets a confirmation with probability <see cref="SelfTalkWriterOptions.ConfirmationRate"/>, drawn from the seed.
/// </summary>
public sealed class SelfTalkWriter(SelfTalkWriterOptions options)
{
    public string Write(SelfTalkSource source, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        options.Validate();
        source.Validate();
        var random = new Random((int)(seed & 0x7FFFFFFF) ^ (int)(seed >> 32));
        var lines = new List<string>();
        int from = 1;
        for (int i = 0; i <= source.WrongAttempts.Count; i++)
        {
            var steps = source.AttemptSteps(i);
            int? flagged = i < source.WrongAttempts.Count ? source.WrongAttempts[i].FirstWrongStep : null;
            int last = flagged ?? steps.Count;
            for (int step = from; step <= last; step++)
            {
                lines.Add(steps[step - 1].Text);
                if (step == flagged)
                    break;
                // Drawn for every right step, so that which steps are confirmed does not depend on which have explanations;
                // a step without one gets none (a bare "it is right" would teach a verdict without a reason).
                if (random.NextDouble() < options.ConfirmationRate && steps[step - 1].Explanation.Length > 0)
                    lines.Add(SelfTalkFormat.CheckLine(step, steps[step - 1].Explanation, right: true));
            }
            if (flagged is not { } wrong)
                break;
            lines.Add(SelfTalkFormat.CheckLine(wrong, source.WrongAttempts[i].Explanation, right: false));
            lines.Add(SelfTalkFormat.CorrectionLine(wrong));
            from = wrong;
        }
        return string.Join('\n', lines);
    }
}
