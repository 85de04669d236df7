namespace MathCritique.LlamaCpp.Training;

/// <summary>
/// One training window: <c>T</c> tokens, per position the next-token target or -1 (no loss), and each token's
/// position within its example (0 where an example starts).
/// </summary>
internal sealed record TrainingWindow(int[] Tokens, int[] Targets, int[] Positions, int LossTokens);

/// <summary>Lays encoded examples out in windows of a fixed length, packed or one per window.</summary>
internal static class WindowPacker
{
    public static List<TrainingWindow> Pack(IEnumerable<EncodedExample> examples, int windowLength, bool pack, int padToken, out int truncated)
    {
        truncated = 0;
        var windows = new List<TrainingWindow>();
        var tokens = new List<int>(windowLength);
        var targets = new List<int>(windowLength);
        var positions = new List<int>(windowLength);
        void Flush()
        {
            if (tokens.Count == 0)
                return;
            int loss = targets.Count(t => t >= 0);
            while (tokens.Count < windowLength)
            {
                tokens.Add(padToken);
                targets.Add(-1);
                positions.Add(positions[^1] + 1); // padding extends the last example
            }
            if (loss > 0)
                windows.Add(new TrainingWindow(tokens.ToArray(), targets.ToArray(), positions.ToArray(), loss));
            tokens.Clear();
            targets.Clear();
            positions.Clear();
        }
        foreach (var example in examples)
        {
            int length = example.Tokens.Length;
            if (length > windowLength)
            {
                truncated++;
                length = windowLength;
            }
            if (!pack || tokens.Count + length > windowLength)
                Flush();
            for (int i = 0; i < length; i++)
            {
                tokens.Add(example.Tokens[i]);
                positions.Add(i);
                // Position i predicts token i + 1, which carries loss if it lies in the completion range.
                int next = i + 1;
                targets.Add(next < length && next >= example.LossStart && next < example.LossEnd ? example.Tokens[next] : -1);
            }
        }
        Flush();
        return windows;
    }
}
