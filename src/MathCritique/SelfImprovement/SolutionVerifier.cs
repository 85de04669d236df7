using MathCritique.CriticEvaluation;
using MathCritique.Grading;
using MathCritique.Problems;
using MathCritique.Sampling;

namespace MathCritique.SelfImprovement;

/// <summary>
/// Verifies an explored solution: the grader against the reference answer, and, when there is an exact labeler (the
/// lab's step checker), its steps too, so a right answer reached by wrong steps is not trained on.
/// </summary>
public sealed class SolutionVerifier(MathGrader grader, ISolutionLabeler? labeler = null)
{
    public ExploredSolution Verify(Problem problem, Completion completion)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(completion);
        var graded = grader.Grade(problem.ReferenceAnswer, completion.Text);
        // The checker is asked only about right answers: a wrong answer is wrong whatever its steps.
        bool? steps = graded.Correct && labeler is not null ? labeler.Label(problem, completion.Text).Correct : null;
        return new ExploredSolution(completion.Text, graded.PredictedAnswer, graded.Correct, steps, completion.GeneratedTokens, completion.PromptTokens)
        {
            SharedPrefixTokens = completion.SharedPrefixTokens,
        };
    }
}
