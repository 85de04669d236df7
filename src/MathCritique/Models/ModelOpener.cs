namespace MathCritique.Models;

/// <summary>
/// Opens model addresses with the first provider that takes them; a profile name stands for its address (with its
/// settings, which settings on the name itself override: <c>qwen?concurrency=8</c>).
/// </summary>
public sealed class ModelOpener(IReadOnlyList<IModelProvider> providers, ModelProfiles? profiles = null) : IModelOpener
{
    private readonly ModelProfiles _profiles = profiles ?? ModelProfiles.Empty;

    public Task<OpenedModel> OpenAsync(string address, CancellationToken cancellationToken = default) =>
        OpenAsync(Resolve(address), cancellationToken);

    public Task<OpenedModel> OpenAsync(ModelAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var provider = providers.FirstOrDefault(p => p.CanOpen(address))
            ?? throw new ArgumentException($"No engine opens model address '{address}' (a GGUF path, or http(s)://host:port/v1#model).");
        return provider.OpenAsync(address, cancellationToken);
    }

    /// <summary>The address <paramref name="text"/> stands for: a profile (with settings added on the name), else itself.</summary>
    public ModelAddress Resolve(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        int q = text.IndexOf('?');
        string name = q < 0 ? text : text[..q];
        if (_profiles.Find(name) is not { } profile)
            return ModelAddress.Parse(text);
        var extra = ModelSettings.Parse(q < 0 ? "" : text[(q + 1)..], text);
        return profile with { Settings = profile.Settings.With(extra), Text = text };
    }
}
