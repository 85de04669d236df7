using MathCritique.Grading;

namespace MathCritique.TestTime;

/// <summary>One group of equivalent answers in a vote.</summary>
/// <param name="Answer">The group's representative answer (its first occurrence).</param>
/// <param name="Members">Indexes of the candidates in the group.</param>
/// <param name="Weight">Sum of the members' weights.</param>
public sealed record VoteGroup(string Answer, IReadOnlyList<int> Members, double Weight);

/// <summary>The outcome of a vote: the winning answer (null when no candidate had one) and all groups by weight.</summary>
public sealed record VoteOutcome(string? Winner, IReadOnlyList<VoteGroup> Groups);

/// <summary>
/// Majority voting that groups answers by grader equivalence, not by string, so <c>0.5</c> and
/// <c>\frac12</c> vote together. Ties go to the group whose first member came first.
/// </summary>
public sealed class AnswerVote(MathGrader grader)
{
    public VoteOutcome Vote(IReadOnlyList<string?> answers, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (weights is not null && weights.Count != answers.Count)
            throw new ArgumentException("One weight per answer is needed.", nameof(weights));
        var groups = new List<(string Answer, List<int> Members, double Weight)>();
        var exact = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            if (string.IsNullOrWhiteSpace(answer))
                continue;
            double weight = weights?[i] ?? 1.0;
            if (!exact.TryGetValue(answer, out int group))
            {
                group = groups.FindIndex(g => grader.AreEquivalent(g.Answer, answer));
                if (group < 0)
                {
                    group = groups.Count;
                    groups.Add((answer, [], 0));
                }
                exact[answer] = group;
            }
            var g = groups[group];
            g.Members.Add(i);
            groups[group] = (g.Answer, g.Members, g.Weight + weight);
        }
        var ordered = groups
            .Select((g, order) => (Group: new VoteGroup(g.Answer, g.Members, g.Weight), Order: order))
            .OrderByDescending(x => x.Group.Weight).ThenBy(x => x.Order)
            .Select(x => x.Group).ToArray();
        return new VoteOutcome(ordered.Length == 0 ? null : ordered[0].Answer, ordered);
    }
}
