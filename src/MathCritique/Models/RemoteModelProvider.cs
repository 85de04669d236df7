using MathCritique.Prompts;
using MathCritique.Sampling.Remote;

namespace MathCritique.Models;

/// <summary>Opens <c>http(s)://host:port/v1#model</c> addresses: an OpenAI-compatible server, with the address's settings.</summary>
/// <param name="defaultCacheDirectory">Where completions are cached when the address does not say (<c>cache=off</c> turns it off); null: no cache.</param>
public sealed class RemoteModelProvider(string? defaultCacheDirectory = null) : IModelProvider
{
    public bool CanOpen(ModelAddress address) => address.IsHttp;

    public Task<OpenedModel> OpenAsync(ModelAddress address, CancellationToken cancellationToken)
    {
        var s = address.Settings;
        var defaults = new RemoteSamplerOptions { BaseUrl = address.Location };
        string? cache = s.CacheDirectory ?? defaultCacheDirectory;
        var options = defaults with
        {
            Model = address.ModelName ?? defaults.Model,
            MaxConcurrency = s.MaxConcurrency ?? defaults.MaxConcurrency,
            UseNParameter = s.UseNParameter ?? defaults.UseNParameter,
            ApiKeyEnvironmentVariable = s.ApiKeyEnvironmentVariable ?? defaults.ApiKeyEnvironmentVariable,
            RequestTimeout = s.RequestTimeout ?? defaults.RequestTimeout,
            MaxRetries = s.MaxRetries ?? defaults.MaxRetries,
            UseChatEndpoint = s.UseChatEndpoint ?? defaults.UseChatEndpoint,
            CacheDirectory = string.IsNullOrEmpty(cache) ? null : cache,
        };
        var sampler = RemoteSampler.CreatePipeline(options);
        return Task.FromResult(new OpenedModel(sampler, sampler.ModelId, sampler)
        {
            PromptSet = s.PromptSet,
            InlineTools = s.InlineTools,
        });
    }
}
