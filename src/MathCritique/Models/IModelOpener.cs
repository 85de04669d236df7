namespace MathCritique.Models;

/// <summary>Opens a model from an address or a profile name: what commands and loops (re-opening a checkpoint they just trained) call.</summary>
public interface IModelOpener
{
    Task<OpenedModel> OpenAsync(string address, CancellationToken cancellationToken = default);
}
