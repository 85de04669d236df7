namespace MathCritique.SelfTalk;

/// <summary>One kept trace, as <c>traces.jsonl</c> stores it.</summary>
/// <param name="Id">The id of the critique record it was built from.</param>
/// <param name="Sources">Every record it uses: its wrong attempts in order, then the right solution's (empty for a problem's reference solution).</param>
/// <param name="FlaggedSteps">The step each wrong check flags, in order (empty for a trace of a right solution).</param>
/// <param name="FinalSolution">The solution the trace ends with: what a grader reads.</param>
public sealed record SelfTalkExample(
    string Id, string ProblemId, string Question, string ReferenceAnswer, int? Level, IReadOnlyList<string> Sources,
    string Text, IReadOnlyList<int> FlaggedSteps, int Confirmations, string FinalSolution);

/// <summary>A candidate trace that was not kept, and why.</summary>
public sealed record SelfTalkDrop(string Id, string ProblemId, int? Level, SelfTalkDropReason Reason);

/// <summary>What <see cref="SelfTalkDatasetBuilder"/> made: kept traces, drops, and each problem's right solutions (for the plain-CoT set).</summary>
public sealed record SelfTalkDataset(
    IReadOnlyList<SelfTalkExample> Traces, IReadOnlyList<SelfTalkDrop> Dropped, IReadOnlyDictionary<string, IReadOnlyList<string>> RightSolutions);
