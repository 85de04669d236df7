using MathCritique.Models;
using MathCritique.Sampling;

namespace MathCritique.Serving;

/// <summary>
/// Serves models by address: opens each one (<see cref="IModelOpener"/>: a GGUF, another server, a profile name),
/// serves them over <see cref="OpenAiServer"/> until cancelled, then stops the server and closes the models.
/// </summary>
public static class ModelServer
{
    /// <param name="models">Served name and address of each model, in the order <c>/v1/models</c> lists them; names are unique.</param>
    /// <param name="started">Called once the server listens, with the served names (to say where and what).</param>
    /// <returns>When <paramref name="cancellationToken"/> is cancelled, after the server stopped and the models are closed.</returns>
    /// <exception cref="OperationCanceledException">Cancelled while the models were being opened.</exception>
    public static async Task ServeAsync(IModelOpener opener, IReadOnlyList<(string Name, string Address)> models, ServerOptions options,
        Action<OpenAiServer, IReadOnlyList<string>>? started = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(opener);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var opened = new List<OpenedModel>();
        var served = new Dictionary<string, ISampler>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, address) in models)
            {
                if (served.ContainsKey(name))
                    throw new ArgumentException($"Two models are named '{name}'.", nameof(models));
                var model = await opener.OpenAsync(address, cancellationToken).ConfigureAwait(false);
                opened.Add(model);
                served[name] = model.Sampler;
            }
            await using var server = await OpenAiServer.StartAsync(served, options, cancellationToken).ConfigureAwait(false);
            started?.Invoke(server, served.Keys.ToArray());
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Cancellation is how serving ends.
            }
        }
        finally
        {
            foreach (var model in opened)
                model.Dispose();
        }
    }
}
