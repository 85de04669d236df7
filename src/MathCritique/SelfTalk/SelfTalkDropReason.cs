namespace MathCritique.SelfTalk;

/// <summary>Why a candidate trace was not kept.</summary>
public enum SelfTalkDropReason
{
    /// <summary>The record's critique could not be read (no step verdicts), or it flags a step the solution does not have.</summary>
    UnreadableCritique,
    /// <summary>The solution is right but its critique calls a step or the answer wrong: its confirmations would be false.</summary>
    CritiqueRejectsRightSolution,
    /// <summary>The solution is wrong but its critique flags no step.</summary>
    NoFlag,
    /// <summary>The flagged step is not the first error (the exact checker, or RG2/RG3's step, says another).</summary>
    FlagNotFirstError,
    /// <summary>No right solution of the problem continues from the flagged step.</summary>
    NoCorrection,
    /// <summary>The final answer after the correction is wrong.</summary>
    FinalAnswerWrong,
    /// <summary>The final answer is right but the exact checker finds a wrong step in the final solution (a corrected step, or a right answer reached by luck).</summary>
    SolutionStepsWrong,
    /// <summary>Another record already made a trace of the same attempts and solution (RG1 samples often repeat).</summary>
    Duplicate,
    /// <summary>The written trace does not read back to its source (a step that looks like a check line).</summary>
    DoesNotParseBack,
}
