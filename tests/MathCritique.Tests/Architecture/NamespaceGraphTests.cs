using System.Text.RegularExpressions;

namespace MathCritique.Tests.Architecture;

/// <summary>
/// The layering docs/architecture.md describes, read from the source: namespaces (one per folder) depend on each other
/// without cycles, and the core and the grader name no engine, lab, serving or CLI namespace.
/// </summary>
public sealed partial class NamespaceGraphTests
{
    private static readonly string Source = Path.Combine(RepositoryRoot(), "src");

    [Fact]
    public void Namespaces_have_no_cycles()
    {
        var graph = Graph();
        Assert.True(graph.Count > 10, $"only {graph.Count} namespaces found under {Source}");
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, $"namespace cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void The_core_and_the_grader_depend_on_no_outer_layer()
    {
        string[] outer = ["MathCritique.LlamaCpp", "MathCritique.Lab", "MathCritique.Cli", "MathCritique.Serving"];
        var offending = Graph()
            .Where(n => n.Key == "MathCritique" || (n.Key.StartsWith("MathCritique.", StringComparison.Ordinal) && !outer.Any(o => n.Key.StartsWith(o, StringComparison.Ordinal))))
            .SelectMany(n => n.Value.Where(d => outer.Any(o => d.StartsWith(o, StringComparison.Ordinal))).Select(d => $"{n.Key} -> {d}"))
            .ToArray();
        Assert.Empty(offending);
        var grading = Graph()["MathCritique.Grading"];
        Assert.DoesNotContain(grading, d => d != "MathCritique.Grading" && d != "MathCritique");
    }

    /// <summary>
    /// Namespace → the MathCritique namespaces its files use: <c>using</c> directives, qualified names, and names
    /// qualified relative to an enclosing namespace (<c>Critiques.CritiqueFormatter</c> inside <c>MathCritique.Lab</c>).
    /// </summary>
    private static Dictionary<string, HashSet<string>> Graph()
    {
        var files = Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f))
            .Select(text => (Namespace: NamespacePattern().Match(text) is { Success: true } m ? m.Groups[1].Value : null, Text: text))
            .Where(f => f.Namespace is not null)
            .ToArray();
        var names = files.Select(f => f.Namespace!).ToHashSet(StringComparer.Ordinal);
        var graph = names.ToDictionary(n => n, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (ns, text) in files)
        {
            foreach (Match m in QualifiedPattern().Matches(text))
                graph[ns!].Add(Longest(m.Groups[1].Value, names));
            foreach (Match m in RelativePattern().Matches(text))
            {
                for (string? scope = ns; scope is not null; scope = scope.Contains('.') ? scope[..scope.LastIndexOf('.')] : null)
                {
                    if (names.Contains($"{scope}.{m.Groups[1].Value}"))
                    {
                        graph[ns!].Add($"{scope}.{m.Groups[1].Value}");
                        break;
                    }
                }
            }
            graph[ns!].RemoveWhere(d => d == ns || !names.Contains(d));
        }
        return graph;
    }

    // A qualified name may run past the namespace into a type (MathCritique.Lab.LabPrompts): the longest known namespace.
    private static string Longest(string reference, HashSet<string> names)
    {
        for (string r = reference; ; r = r[..r.LastIndexOf('.')])
        {
            if (names.Contains(r) || !r.Contains('.'))
                return r;
        }
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                    return [.. path.Skip(path.IndexOf(next)), next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                    return found;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
                return cycle;
        }
        return null;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MathCritique.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no MathCritique.slnx above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"\b(MathCritique(?:\.[A-Z]\w*)+)")]
    private static partial Regex QualifiedPattern();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.[A-Z]\w*")]
    private static partial Regex RelativePattern();
}
