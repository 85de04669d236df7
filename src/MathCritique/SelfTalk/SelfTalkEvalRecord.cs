using MathCritique.Sampling;

namespace MathCritique.SelfTalk;

/// <summary>One actor's output on one problem: the whole text, its cost, and its reading.</summary>
/// <param name="Text">The whole output, self-checks and retracted attempts included.</param>
public sealed record SelfTalkActorOutput(string Text, int GeneratedTokens, FinishReason FinishReason, SelfTalkOutputAnalysis Analysis);

/// <summary>One held-out problem with both actors' outputs, as <c>records.jsonl</c> stores it.</summary>
public sealed record SelfTalkEvalRecord(string Id, int? Level, string ReferenceAnswer, SelfTalkActorOutput SelfTalk, SelfTalkActorOutput PlainCot);
