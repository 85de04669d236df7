using System.Text;
using LLama;
using LLama.Native;
using MathCritique.Sampling;

namespace MathCritique.LlamaCpp.Inference;

/// <summary>Turns a request's messages into prompt tokens with the model's (or an explicit) chat template.</summary>
internal sealed class PromptFormatter(SafeLlamaModelHandle model, string? explicitTemplate, string modelPath)
{
    public LLamaToken[] Tokenize(SamplingRequest request)
    {
        var text = Format(request);
        return model.Tokenize(text, model.Vocab.ShouldAddBOS, special: true, Encoding.UTF8);
    }

    /// <summary>The messages' texts as they are, then the assistant prefix: no chat template.</summary>
    public LLamaToken[] TokenizeRaw(SamplingRequest request)
    {
        var text = string.Concat(request.Messages.Select(m => m.Text)) + request.AssistantPrefix;
        return model.Tokenize(text, model.Vocab.ShouldAddBOS, special: true, Encoding.UTF8);
    }

    public string Format(SamplingRequest request)
    {
        LLamaTemplate template;
        try
        {
            template = explicitTemplate is null ? new LLamaTemplate(model, name: null, strict: true) : new LLamaTemplate(explicitTemplate);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                $"{modelPath}: the model has no usable chat template (tokenizer.chat_template); set LlamaEngineOptions.ChatTemplate.", e);
        }
        template.AddAssistant = true;
        foreach (var message in request.Messages)
            template.Add(message.Role.Value, message.Text);
        string text;
        try
        {
            text = Encoding.UTF8.GetString(template.Apply());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"{modelPath}: llama.cpp does not support this chat template; set LlamaEngineOptions.ChatTemplate to one it knows (e.g. \"chatml\").", e);
        }
        return request.AssistantPrefix is null ? text : text + request.AssistantPrefix;
    }
}
