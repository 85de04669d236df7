namespace MathCritique.Lab;

/// <summary>The story template library: who, what, and how each event is told.</summary>
internal static class LabStories
{
    public sealed record Character(string Name, string Pronoun, string Possessive);

    public sealed record Item(string Plural, string Container);

    public static readonly IReadOnlyList<Character> Characters =
    [
        new("Mia", "She", "Her"), new("Leo", "He", "His"), new("Ava", "She", "Her"), new("Sam", "He", "His"),
        new("Zoe", "She", "Her"), new("Omar", "He", "His"), new("Lena", "She", "Her"), new("Ben", "He", "His"),
        new("Nia", "She", "Her"), new("Raj", "He", "His"),
    ];

    public static readonly IReadOnlyList<Item> Items =
    [
        new("apples", "bags"), new("marbles", "jars"), new("stickers", "packs"), new("coins", "purses"),
        new("cards", "packs"), new("pencils", "boxes"), new("cookies", "trays"), new("shells", "buckets"),
        new("beads", "cups"), new("stamps", "books"),
    ];

    // Question sentences; {P} pronoun, {F} a friend, {b}/{n}/{m}/{k} numbers, {C} container.
    public static readonly IReadOnlyList<string> AddMore = ["{P} buys {b} more.", "{P} finds {b} more.", "{F} gives {p} {b} more.", "{P} wins {b} more."];
    public static readonly IReadOnlyList<string> Remove = ["{P} gives {b} to {F}.", "{P} loses {b}.", "{P} sells {b}.", "{P} trades away {b}."];
    public static readonly IReadOnlyList<string> AddGroups = ["{P} buys {n} {C} of {m} each.", "{P} gets {n} {C} of {m} each."];
    public static readonly IReadOnlyList<string> RemoveGroups = ["{P} gives away {n} {C} of {m} each.", "{P} sells {n} {C} of {m} each."];
    public static readonly IReadOnlyList<string> Multiply = ["{H} pile becomes {k} times as big.", "{P} ends up with {k} times as many."];
    public static readonly IReadOnlyList<string> Divide = ["{P} keeps one of {k} equal piles.", "{P} splits them into {k} equal piles and keeps one."];

    /// <summary>An object pronoun for "gives her 5 more".</summary>
    public static string ObjectPronoun(Character c) => c.Pronoun == "She" ? "her" : "him";
}
