using System.Globalization;
using MathCritique.Prompts;

namespace MathCritique.Models;

/// <summary>
/// Per-model settings an address or a profile can carry. Unset (null) means the opener's default. Keys as written in
/// an address (<c>?key=value</c>) or a profile file: <c>concurrency</c>, <c>n</c>, <c>api-key-env</c>, <c>timeout</c>
/// (seconds), <c>retries</c>, <c>endpoint</c> (chat or completions), <c>cache</c> (a directory, or off) for servers;
/// <c>prompts</c> and <c>tools</c> for any model.
/// </summary>
public sealed record ModelSettings
{
    public static IReadOnlyList<string> Keys { get; } = ["concurrency", "n", "api-key-env", "timeout", "retries", "endpoint", "cache", "prompts", "tools"];

    /// <summary>Server: most samples in flight at once.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>Server: ask for a request's N samples with one <c>n</c> request (vLLM, <c>serve</c>) instead of N seeded requests.</summary>
    public bool? UseNParameter { get; init; }

    /// <summary>Server: the environment variable holding the API key.</summary>
    public string? ApiKeyEnvironmentVariable { get; init; }

    /// <summary>Server: limit for one attempt of one request.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>Server: retries after a transient failure.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>Server: true for <c>/chat/completions</c>, false for <c>/completions</c>.</summary>
    public bool? UseChatEndpoint { get; init; }

    /// <summary>Server: the completion cache directory; empty string turns the cache off.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The prompt set to use with this model (overrides what its GGUF declares).</summary>
    public string? PromptSet { get; init; }

    /// <summary>The inline tools its output runs with, comma-joined, or none (overrides what its GGUF declares).</summary>
    public string? InlineTools { get; init; }

    /// <summary>These settings with every setting <paramref name="overrides"/> has replacing this one's.</summary>
    public ModelSettings With(ModelSettings overrides) => new()
    {
        MaxConcurrency = overrides.MaxConcurrency ?? MaxConcurrency,
        UseNParameter = overrides.UseNParameter ?? UseNParameter,
        ApiKeyEnvironmentVariable = overrides.ApiKeyEnvironmentVariable ?? ApiKeyEnvironmentVariable,
        RequestTimeout = overrides.RequestTimeout ?? RequestTimeout,
        MaxRetries = overrides.MaxRetries ?? MaxRetries,
        UseChatEndpoint = overrides.UseChatEndpoint ?? UseChatEndpoint,
        CacheDirectory = overrides.CacheDirectory ?? CacheDirectory,
        PromptSet = overrides.PromptSet ?? PromptSet,
        InlineTools = overrides.InlineTools ?? InlineTools,
    };

    /// <summary>Reads <c>key=value&amp;key=value</c>; <paramref name="address"/> names the address in errors.</summary>
    public static ModelSettings Parse(string query, string address)
    {
        var settings = new ModelSettings();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0)
                throw new ArgumentException($"Model address '{address}': setting '{pair}' is not key=value.");
            settings = settings.Set(pair[..eq].Trim(), Uri.UnescapeDataString(pair[(eq + 1)..].Trim()), address);
        }
        return settings;
    }

    /// <summary>This with one setting changed; <paramref name="source"/> names the address or profile in errors.</summary>
    public ModelSettings Set(string key, string value, string source) => key switch
    {
        "concurrency" => this with { MaxConcurrency = PositiveInt(key, value, source) },
        "n" => this with { UseNParameter = Bool(key, value, source) },
        "api-key-env" => this with { ApiKeyEnvironmentVariable = NonEmpty(key, value, source) },
        "timeout" => this with { RequestTimeout = TimeSpan.FromSeconds(PositiveInt(key, value, source)) },
        "retries" => this with { MaxRetries = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int r) ? r : throw Bad(key, value, source, "a whole number >= 0") },
        "endpoint" => this with { UseChatEndpoint = value switch { "chat" => true, "completions" => false, _ => throw Bad(key, value, source, "chat or completions") } },
        "cache" => this with { CacheDirectory = value == "off" ? "" : NonEmpty(key, value, source) },
        "prompts" => this with { PromptSet = NonEmpty(key, value, source) },
        "tools" => this with { InlineTools = NonEmpty(key, value, source) },
        _ => throw new ArgumentException($"'{source}': unknown model setting '{key}' (known: {string.Join(", ", Keys)})."),
    };

    private static int PositiveInt(string key, string value, string source) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw Bad(key, value, source, "a whole number >= 1");

    private static bool Bool(string key, string value, string source) => value switch
    {
        "true" or "on" or "1" => true,
        "false" or "off" or "0" => false,
        _ => throw Bad(key, value, source, "true or false"),
    };

    private static string NonEmpty(string key, string value, string source) =>
        value.Length > 0 ? value : throw Bad(key, value, source, "a value");

    private static ArgumentException Bad(string key, string value, string source, string expected) =>
        new($"'{source}': model setting {key}='{value}' must be {expected}.");
}
