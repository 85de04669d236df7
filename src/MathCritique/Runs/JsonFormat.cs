using System.Text.Json;
using System.Text.Json.Serialization;

namespace MathCritique.Runs;

/// <summary>The JSON conventions of every file this project writes: snake_case names, enums as strings.</summary>
public static class JsonFormat
{
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>Indented, with dictionary keys written as they are: for keys that are names from the data (subsets, label sources).</summary>
    public static JsonSerializerOptions IndentedDataKeys { get; } = Create(indented: true, snakeCaseKeys: false);

    private static JsonSerializerOptions Create(bool indented, bool snakeCaseKeys = true)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = snakeCaseKeys ? JsonNamingPolicy.SnakeCaseLower : null,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
