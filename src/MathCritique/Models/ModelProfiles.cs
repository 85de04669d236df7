using System.Text.Json;

namespace MathCritique.Models;

/// <summary>
/// Named models, read from a JSON profile file, so a command can say <c>--actor qwen</c> instead of an address with
/// settings:
/// <code>
/// { "models": {
///     "qwen":   { "address": "http://127.0.0.1:8000/v1#Qwen/Qwen2.5-7B-Instruct", "concurrency": 64, "n": true },
///     "critic": { "address": "https://api.openai.com/v1#gpt-4o", "api-key-env": "OPENAI_API_KEY", "prompts": "paper" } } }
/// </code>
/// Settings are the keys of <see cref="ModelSettings"/>; settings written on the address itself win over the profile's.
/// </summary>
public sealed class ModelProfiles
{
    /// <summary>The file a command reads when none is named: in the current directory.</summary>
    public const string DefaultFile = "mathcritique.models.json";

    private readonly Dictionary<string, ModelAddress> _profiles;

    private ModelProfiles(Dictionary<string, ModelAddress> profiles) => _profiles = profiles;

    public static ModelProfiles Empty { get; } = new([]);

    public IReadOnlyCollection<string> Names => _profiles.Keys;

    /// <summary>The address a name stands for, or null when it is not a profile.</summary>
    public ModelAddress? Find(string name) => _profiles.GetValueOrDefault(name);

    public static async Task<ModelProfiles> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        JsonDocument document;
        try
        {
            await using var stream = File.OpenRead(path);
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: needs an object \"models\" of named models.");
            var profiles = new Dictionary<string, ModelAddress>(StringComparer.Ordinal);
            foreach (var model in models.EnumerateObject())
                profiles[model.Name] = ReadProfile(path, model);
            return new ModelProfiles(profiles);
        }
    }

    private static ModelAddress ReadProfile(string path, JsonProperty model)
    {
        string source = $"{path}: model '{model.Name}'";
        if (model.Value.ValueKind != JsonValueKind.Object
            || !model.Value.TryGetProperty("address", out var addressValue) || addressValue.ValueKind != JsonValueKind.String)
            throw new InvalidDataException($"{source} needs a string \"address\".");
        var address = ModelAddress.Parse(addressValue.GetString()!);
        var settings = new ModelSettings();
        foreach (var setting in model.Value.EnumerateObject().Where(p => p.Name != "address"))
        {
            string value = setting.Value.ValueKind switch
            {
                JsonValueKind.String => setting.Value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => setting.Value.GetRawText(),
                _ => throw new InvalidDataException($"{source}: setting '{setting.Name}' must be a string, number or boolean."),
            };
            try
            {
                settings = settings.Set(setting.Name, value, source);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException(e.Message, e);
            }
        }
        // The address's own settings win over the profile's.
        return address with { Settings = settings.With(address.Settings) };
    }
}
