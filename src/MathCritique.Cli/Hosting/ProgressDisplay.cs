using Spectre.Console;

namespace MathCritique.Cli.Hosting;

/// <summary>
/// A Spectre.Console progress bar for long jobs. It reports through a plain callback so library code only
/// sees <see cref="IProgress{T}"/>; on a redirected console it falls back to occasional log lines.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> with one task bar; <paramref name="work"/> sets (done, total, detail).</summary>
    public static async Task<T> RunAsync<T>(string title, Func<Action<double, double, string>, Task<T>> work)
    {
        if (Console.IsErrorRedirected || Console.IsOutputRedirected)
        {
            var last = DateTime.MinValue;
            return await work((done, total, detail) =>
            {
                if ((DateTime.UtcNow - last).TotalSeconds < 10 && done < total)
                    return;
                last = DateTime.UtcNow;
                Console.Error.WriteLine($"{title}: {done:F0}/{total:F0} {detail}");
            });
        }
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title));
                result = await work((done, total, detail) =>
                {
                    task.MaxValue = Math.Max(total, 1);
                    task.Value = Math.Min(done, task.MaxValue);
                    task.Description = Markup.Escape(detail.Length == 0 ? title : $"{title} · {detail}");
                });
                task.Value = task.MaxValue;
            });
        return result;
    }
}
