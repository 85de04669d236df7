namespace MathCritique.Models;

/// <summary>
/// Where a model is and how to use it, as written on a command line or in a profile: a GGUF path, or
/// <c>http(s)://host:port/v1#model</c> for an OpenAI-compatible server; either may end in <c>?key=value&amp;key=value</c>
/// settings (<see cref="ModelSettings"/>), e.g. <c>http://127.0.0.1:8000/v1#qwen?concurrency=64&amp;n=true</c> or
/// <c>critic.gguf?prompts=paper</c>.
/// </summary>
public sealed record ModelAddress
{
    /// <summary>The GGUF path or the API root URL, without model name and settings.</summary>
    public required string Location { get; init; }

    /// <summary>The served model's name (the URL's fragment); null for a file.</summary>
    public string? ModelName { get; init; }

    public ModelSettings Settings { get; init; } = new();

    /// <summary>The address as given (for messages).</summary>
    public string Text { get; init; } = "";

    public bool IsHttp => IsHttpText(Location);

    public static ModelAddress Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        string location = text, settings = "";
        string? model = null;
        bool http = IsHttpText(text);
        if (http)
        {
            // Settings may come before the fragment (a URL's query) or after the model name (easier to write).
            int hash = location.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                model = location[(hash + 1)..];
                location = location[..hash];
                (model, settings) = SplitQuery(model);
                if (model.Length == 0)
                    model = null;
            }
            (location, string before) = SplitQuery(location);
            settings = string.Join('&', new[] { before, settings }.Where(s => s.Length > 0));
        }
        else
        {
            (location, settings) = SplitQuery(location);
        }
        if (location.Length == 0)
            throw new ArgumentException($"Model address '{text}' has no path or URL.");
        return new ModelAddress
        {
            Location = location,
            ModelName = http ? model ?? "default" : null,
            Settings = ModelSettings.Parse(settings, text),
            Text = text,
        };
    }

    private static bool IsHttpText(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static (string Before, string Query) SplitQuery(string text)
    {
        int q = text.LastIndexOf('?');
        return q < 0 ? (text, "") : (text[..q], text[(q + 1)..]);
    }

    public override string ToString() => Text.Length > 0 ? Text : Location + (ModelName is null ? "" : "#" + ModelName);
}
