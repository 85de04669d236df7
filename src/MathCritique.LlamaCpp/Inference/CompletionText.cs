using System.Text;

namespace MathCritique.LlamaCpp.Inference;

/// <summary>
/// The text of one completion as token pieces arrive: bytes are decoded incrementally (a byte-level token
/// may carry half of a multi-byte character) and stop strings are found even when they span tokens.
/// </summary>
internal sealed class CompletionText(IReadOnlyList<string> stops)
{
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private readonly StringBuilder _text = new();
    private readonly int _longestStop = stops.Count == 0 ? 0 : stops.Max(s => s.Length);
    private char[] _chars = new char[64];
    private int _taken;
    private bool _finished;

    /// <summary>Appends a token's bytes; true when a stop string now appears (the text is then cut before it).</summary>
    public bool Append(ReadOnlySpan<byte> piece)
    {
        int needed = _decoder.GetCharCount(piece, flush: false);
        if (needed > _chars.Length)
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        int count = _decoder.GetChars(piece, _chars, flush: false);
        if (count == 0)
            return false;
        int before = _text.Length;
        _text.Append(_chars, 0, count);
        return _longestStop > 0 && CutAtStop(Math.Max(0, before - _longestStop + 1));
    }

    /// <summary>
    /// Text appended since the last call that can no longer change: the last (longest stop − 1) characters are held
    /// back while they could still begin a stop string. Empty when nothing new is final.
    /// </summary>
    public string TakeStable()
    {
        // A new stop match ends in newly appended text, so it starts at or after _taken: taken text is final.
        int stable = _finished ? _text.Length : Math.Max(_taken, _text.Length - Math.Max(0, _longestStop - 1));
        var delta = _text.ToString(_taken, stable - _taken);
        _taken = stable;
        return delta;
    }

    /// <summary>The text so far (an incomplete trailing character not yet in it).</summary>
    public string Current => _text.ToString();

    /// <summary>The finished text; an incomplete trailing character becomes U+FFFD.</summary>
    public string Finish()
    {
        if (!_finished)
        {
            int count = _decoder.GetChars(ReadOnlySpan<byte>.Empty, _chars, flush: true);
            _text.Append(_chars, 0, count);
            _finished = true;
        }
        return _text.ToString();
    }

    private bool CutAtStop(int searchFrom)
    {
        // Only the tail can hold a new match: everything before it was searched on earlier appends.
        var tail = _text.ToString(searchFrom, _text.Length - searchFrom);
        int cut = -1;
        foreach (var stop in stops)
        {
            int at = tail.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut))
                cut = at;
        }
        if (cut < 0)
            return false;
        _text.Length = searchFrom + cut;
        _decoder.Reset();
        return true;
    }
}
