using System.Globalization;

/// <summary>The bench's command line: <c>--name value</c> pairs.</summary>
internal sealed class Args(string[] args)
{
    public string? String(string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public int Int(string name, int fallback) => String(name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

    public int[] Ints(string name, int[] fallback) =>
        String(name) is { } s ? s.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray() : fallback;
}
