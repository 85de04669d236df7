using System.Text;
using MathCritique.LlamaCpp.Gguf;
using MathCritique.LlamaCpp.Training;
using MathCritique.Models;
using MathCritique.SelfTalk;

namespace MathCritique.LlamaCpp.Tests.Training;

public class GgufTokenCounterTests
{
    [Fact]
    public void The_lab_models_own_tokenizer_counts_what_the_byte_level_counter_counts()
    {
        using var counter = new GgufTokenCounter(RepositoryModels.PathOf("lab-actor.gguf"));
        var bytes = new Utf8ByteTokenCounter();
        foreach (var text in new[] { "She has 27 + 15 = 42 stamps.", "Let me check step 2: 17 is not given. Step 2 is wrong.\nLet me correct it from step 2.", "", "€ 5 × 3" })
            Assert.Equal(bytes.Count(text), counter.Count(text));
        Assert.Contains("lab-actor.gguf", counter.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_foreign_file_is_named()
    {
        Assert.Throws<ModelNotFoundException>(() => new GgufTokenCounter("/nonexistent/tokenizer.gguf"));
        var foreign = Path.GetTempFileName();
        try
        {
            File.WriteAllText(foreign, "not a gguf", Encoding.UTF8);
            Assert.Throws<GgufFormatException>(() => new GgufTokenCounter(foreign));
        }
        finally
        {
            File.Delete(foreign);
        }
    }
}
