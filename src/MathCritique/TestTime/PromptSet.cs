namespace MathCritique.TestTime;

/// <summary>
/// The three prompts of the critique loop, as user-message builders: solve a question, critique a
/// solution, refine a solution given a critique. Swappable so real models can get their own wording.
/// </summary>
public sealed record PromptSet(
    Func<string, string> Solve,
    Func<string, string, string> Critique,
    Func<string, string, string, string> Refine)
{
    /// <summary>Builds the actor's prompt for <paramref name="question"/>.</summary>
    public string BuildSolve(string question) => Solve(question);

    /// <summary>Builds the critic's prompt for a question and a solution.</summary>
    public string BuildCritique(string question, string solution) => Critique(question, solution);

    /// <summary>Builds the actor's refine prompt from a question, its earlier solution and a critique.</summary>
    public string BuildRefine(string question, string solution, string critique) => Refine(question, solution, critique);
}
