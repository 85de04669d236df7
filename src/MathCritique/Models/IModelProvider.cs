namespace MathCritique.Models;

/// <summary>One kind of model an engine can open (GGUF files in-process, OpenAI-compatible servers, ...).</summary>
public interface IModelProvider
{
    /// <summary>Whether this provider opens <paramref name="address"/>; the first that does opens it.</summary>
    bool CanOpen(ModelAddress address);

    Task<OpenedModel> OpenAsync(ModelAddress address, CancellationToken cancellationToken);
}
