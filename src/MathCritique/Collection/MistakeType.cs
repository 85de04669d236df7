namespace MathCritique.Collection;

/// <summary>The named mistakes a model inserter writes into a step (the paper's RG3 error types).</summary>
public enum MistakeType
{
    /// <summary>The step's arithmetic is done wrong.</summary>
    CalculationError,
    /// <summary>The step uses a wrong number: one the problem or an earlier step does not give for it.</summary>
    WrongQuantity,
    /// <summary>The step applies the wrong operation to the right numbers.</summary>
    WrongOperation,
    /// <summary>The step leaves out a needed computation and goes on as if it were done.</summary>
    SkippedStep,
    /// <summary>The step misreads a condition of the problem.</summary>
    MisreadCondition,
}

/// <summary>The names of <see cref="MistakeType"/>s as records and prompts write them ("calculation error").</summary>
public static class MistakeTypeNames
{
    public static IReadOnlyList<MistakeType> All { get; } = Enum.GetValues<MistakeType>();

    /// <summary>"calculation error", "wrong quantity", "wrong operation", "skipped step", "misread condition".</summary>
    public static string Name(MistakeType type) => type switch
    {
        MistakeType.CalculationError => "calculation error",
        MistakeType.WrongQuantity => "wrong quantity",
        MistakeType.WrongOperation => "wrong operation",
        MistakeType.SkippedStep => "skipped step",
        MistakeType.MisreadCondition => "misread condition",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown mistake type"),
    };

    /// <summary>A type by its name, with spaces, hyphens or as the enum member ("wrong-operation", "WrongOperation").</summary>
    /// <exception cref="ArgumentException">No type has that name; the message lists the names.</exception>
    public static MistakeType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string key = Key(text);
        foreach (var type in All)
        {
            if (Key(Name(type)) == key)
                return type;
        }
        throw new ArgumentException($"'{text}' is not a mistake type ({string.Join(", ", All.Select(t => Name(t).Replace(' ', '-')))}).");
    }

    private static string Key(string text) => new([.. text.Where(char.IsLetter).Select(char.ToLowerInvariant)]);
}
