namespace MathCritique.Training.LlamaFactory;

/// <summary>The dataset layout LLaMA-Factory reads (its <c>formatting</c> in <c>dataset_info.json</c>).</summary>
public enum LlamaFactoryDatasetFormat
{
    /// <summary>instruction/input/output, with system and history columns: for base models.</summary>
    Alpaca,

    /// <summary>Conversations of human/gpt turns, with a system column: for chat models.</summary>
    ShareGpt,
}
