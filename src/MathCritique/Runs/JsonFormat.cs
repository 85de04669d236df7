using System.Text.Json;
using System.Text.Json.Serialization;

namespace MathCritique.Runs;

/// <summary>
/// The JSON conventions of every file this project writes: snake_case property names, enums as strings, dictionary
/// keys as they are (they are names from the data — subsets, levels, reasons, sources — and a resumed run reads them
/// back into its report).
/// </summary>
public static class JsonFormat
{
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
