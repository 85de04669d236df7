namespace MathCritique.LlamaCpp.Training;

/// <summary>Linear warm-up to the peak, then a cosine decay to <c>peak * minFraction</c> at the last step.</summary>
internal static class LearningRateSchedule
{
    public static float At(int step, int totalSteps, int warmupSteps, float peak, float minFraction)
    {
        if (step < warmupSteps)
            return peak * (step + 1) / warmupSteps;
        int decaySteps = totalSteps - warmupSteps;
        if (decaySteps <= 1)
            return peak;
        double progress = Math.Clamp((double)(step - warmupSteps) / (decaySteps - 1), 0, 1);
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * progress));
        return (float)(peak * (minFraction + (1 - minFraction) * cosine));
    }
}
