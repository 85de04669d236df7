namespace MathCritique.LlamaCpp.Training;

/// <summary>
/// One training window: <c>T</c> tokens, per position the next-token target or -1 (no loss), and each token's
/// position within its example (0 where an example starts).
/// </summary>
internal sealed record TrainingWindow(int[] Tokens, int[] Targets, int[] Positions, int LossTokens);

/// <summary>
/// Lays encoded examples out in windows of a fixed length, packed or one per window. Packing is first-fit
/// over a few open windows, so examples of mixed lengths fill windows instead of leaving half of each padded
/// (with examples of 60% of a window, next-fit wastes 40% of the compute).
/// </summary>
internal static class WindowPacker
{
    private const int OpenWindows = 32;

    public static List<TrainingWindow> Pack(IEnumerable<EncodedExample> examples, int windowLength, bool pack, int padToken, out int truncated)
    {
        truncated = 0;
        var windows = new List<TrainingWindow>();
        var open = new List<Builder>();
        foreach (var example in examples)
        {
            int length = example.Tokens.Length;
            if (length > windowLength)
            {
                truncated++;
                length = windowLength;
            }
            Builder? target = pack ? open.FirstOrDefault(b => b.Count + length <= windowLength) : null;
            if (target is null)
            {
                if (!pack || open.Count == OpenWindows)
                {
                    // Close the fullest window to make room.
                    var fullest = open.Count == 0 ? null : open.MaxBy(b => b.Count);
                    if (fullest is not null)
                    {
                        fullest.FlushInto(windows, windowLength, padToken);
                        open.Remove(fullest);
                    }
                }
                target = new Builder(windowLength);
                open.Add(target);
            }
            target.Add(example, length);
        }
        foreach (var builder in open)
            builder.FlushInto(windows, windowLength, padToken);
        return windows;
    }

    private sealed class Builder(int windowLength)
    {
        private readonly List<int> _tokens = new(windowLength);
        private readonly List<int> _targets = new(windowLength);
        private readonly List<int> _positions = new(windowLength);

        public int Count => _tokens.Count;

        public void Add(EncodedExample example, int length)
        {
            for (int i = 0; i < length; i++)
            {
                _tokens.Add(example.Tokens[i]);
                _positions.Add(i);
                // Position i predicts token i + 1, which carries loss if it lies in the completion range outside the unscored spans.
                int next = i + 1;
                _targets.Add(next < length && example.IsScored(next) ? example.Tokens[next] : -1);
            }
        }

        public void FlushInto(List<TrainingWindow> windows, int windowLength, int padToken)
        {
            if (_tokens.Count == 0)
                return;
            int loss = _targets.Count(t => t >= 0);
            while (_tokens.Count < windowLength)
            {
                _tokens.Add(padToken);
                _targets.Add(-1);
                _positions.Add(_positions[^1] + 1); // padding extends the last example
            }
            if (loss > 0)
                windows.Add(new TrainingWindow(_tokens.ToArray(), _targets.ToArray(), _positions.ToArray(), loss));
        }
    }
}
