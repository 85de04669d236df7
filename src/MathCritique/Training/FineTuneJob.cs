namespace MathCritique.Training;

/// <summary>One fine-tuning run, in terms every back end understands.</summary>
public sealed record FineTuneJob
{
    /// <summary>The model to start from, as the back end names models: a GGUF path in-process, a Hugging Face id or directory for LLaMA-Factory.</summary>
    public required string BaseModel { get; init; }

    public required IReadOnlyList<SftExample> Examples { get; init; }

    /// <summary>Where the trained model goes: a GGUF path in-process, an output directory for LLaMA-Factory. Checkpoints go next to it.</summary>
    public required string Output { get; init; }

    public FineTuneHyperparameters Hyperparameters { get; init; } = new();

    /// <summary>Continue from the checkpoint a stopped run of the same job left at <see cref="Output"/>, if there is one.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Settings only one back end understands (a LoRA rank, a chat template, a DeepSpeed config), by the name that back
    /// end gives them; a back end ignores names it does not know (as <c>ChatOptions.AdditionalProperties</c> in
    /// Microsoft.Extensions.AI). What is fixed for a back end (threads, a Python environment) goes to its constructor.
    /// </summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties { get; init; } = new Dictionary<string, object?>();

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BaseModel))
            throw new ArgumentException("The job names no base model.", nameof(BaseModel));
        if (string.IsNullOrWhiteSpace(Output))
            throw new ArgumentException("The job names no output.", nameof(Output));
        ArgumentNullException.ThrowIfNull(Examples);
        if (Examples.Count == 0)
            throw new ArgumentException("No training examples.", nameof(Examples));
        ArgumentNullException.ThrowIfNull(Hyperparameters);
        Hyperparameters.Validate();
    }
}
