using System.Text.Json;
using System.Text.Json.Nodes;

namespace MathCritique.Grading;

/// <summary>Counts of a JSONL grading run.</summary>
public sealed record JsonlGradingSummary(int Lines, int Graded, int Correct, int Errors);

/// <summary>
/// Grades JSON Lines of <c>{"gold": ..., "pred": ...}</c>, writing each input object back (extra fields
/// kept, same order) with <c>correct</c>, <c>gold_answer</c>, <c>pred_answer</c>, <c>reason</c>, <c>why</c> (for a
/// false verdict, why the answers differ: "different numbers 18 vs 17", "pred not extracted"...), and the extraction
/// rules that found each answer (<c>gold_rule</c>, <c>pred_rule</c>: "boxed", "answer_is", "last_number"...) added.
/// A malformed line is written as <c>{"line": N, "error": ...}</c>, reported, and the run goes on.
/// </summary>
public sealed class JsonlGrader(MathGrader grader)
{
    public async Task<JsonlGradingSummary> GradeAsync(
        TextReader input, TextWriter output, string inputName, Action<string>? reportError = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        int lineNumber = 0, graded = 0, correct = 0, errors = 0;
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
                continue;
            JsonObject record;
            try
            {
                record = GradeLine(line);
            }
            catch (FormatException e)
            {
                errors++;
                var message = $"{inputName}:{lineNumber}: {e.Message}";
                reportError?.Invoke(message);
                record = new JsonObject { ["line"] = lineNumber, ["error"] = message };
                await output.WriteLineAsync(record.ToJsonString()).ConfigureAwait(false);
                continue;
            }
            graded++;
            if (record["correct"]!.GetValue<bool>())
                correct++;
            await output.WriteLineAsync(record.ToJsonString()).ConfigureAwait(false);
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new JsonlGradingSummary(lineNumber, graded, correct, errors);
    }

    private JsonObject GradeLine(string line)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException e)
        {
            throw new FormatException($"malformed JSON ({e.Message})", e);
        }
        if (node is not JsonObject record)
            throw new FormatException("expected a JSON object");
        var gold = RequiredString(record, "gold");
        var pred = RequiredString(record, "pred");
        var result = grader.Grade(gold, pred);
        record["correct"] = result.Correct;
        record["gold_answer"] = result.GoldAnswer;
        record["pred_answer"] = result.PredictedAnswer;
        record["reason"] = result.Reason;
        record["why"] = result.Why;
        record["gold_rule"] = ExtractionRuleNames.Of(result.GoldRule);
        record["pred_rule"] = ExtractionRuleNames.Of(result.PredictionRule);
        return record;
    }

    private static string RequiredString(JsonObject record, string field)
    {
        if (!record.TryGetPropertyValue(field, out var value) || value is null)
            throw new FormatException($"missing field \"{field}\"");
        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            _ => throw new FormatException($"field \"{field}\" must be a string or a number"),
        };
    }
}
