namespace MathCritique.Training.LlamaFactory;

/// <summary>LLaMA-Factory's <c>finetuning_type</c>.</summary>
public enum LlamaFactoryFinetuningType
{
    /// <summary>Every weight trains; the output directory is a whole model.</summary>
    Full,

    /// <summary>Low-rank adapters train; the output directory is an adapter over the base model.</summary>
    Lora,
}
