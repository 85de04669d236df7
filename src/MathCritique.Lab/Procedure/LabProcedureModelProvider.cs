using MathCritique.Models;
using MathCritique.Sampling;

namespace MathCritique.Lab;

/// <summary>
/// Opens the model address <c>lab-procedure</c>: the lab's procedural reference critic (<see cref="LabProcedureCritic"/>)
/// behind a <see cref="ChatClientSampler"/>, so <c>--critic lab-procedure</c> works wherever a critic address does. It
/// declares the lab-stepwise prompts, as the shipped critic does; an address setting (<c>lab-procedure?prompts=lab</c>)
/// or <c>--prompts</c> chooses another prompt set.
/// </summary>
public sealed class LabProcedureModelProvider : IModelProvider
{
    /// <summary>The address it opens.</summary>
    public const string Address = LabProcedureChatClient.ModelName;

    public bool CanOpen(ModelAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return !address.IsHttp && address.Location == Address;
    }

    public Task<OpenedModel> OpenAsync(ModelAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        cancellationToken.ThrowIfCancellationRequested();
        var client = new LabProcedureChatClient();
        return Task.FromResult(new OpenedModel(new ChatClientSampler(client, Address), Address, client)
        {
            PromptSet = address.Settings.PromptSet ?? LabPrompts.StepwiseName,
            InlineTools = address.Settings.InlineTools,
        });
    }
}
