using System.Reflection;
using MathCritique.Problems;

namespace MathCritique.Tests.Cli;

public class LabProblemsCommandTests
{
    private static int Run(params string[] args)
    {
        var entry = Assembly.Load("MathCritique.Cli").EntryPoint!;
        return (int)entry.Invoke(null, [args])!;
    }

    [Theory]
    [InlineData("test")]
    [InlineData("dev")]
    public async Task Writes_problem_file_lines_that_read_back(string split)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lab-{Guid.NewGuid():N}.jsonl");
        try
        {
            Assert.Equal(0, Run("lab", "problems", "--level", "3", "--count", "25", "--seed", "7", "--split", split, "--out", path));
            var problems = await ProblemFile.ReadAsync(path);
            Assert.Equal(25, problems.Count);
            Assert.All(problems, p =>
            {
                Assert.StartsWith($"lab-L3-{split}-", p.Id);
                Assert.Equal("lab", p.Source);
                Assert.Equal(3, p.Level);
                Assert.Equal(split, p.Metadata["split"]);
                Assert.EndsWith($"The answer is {p.ReferenceAnswer}.", p.ReferenceSolution);
            });
            Assert.Equal(25, problems.Select(p => p.Id).Distinct().Count());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--level", "0")]
    [InlineData("--level", "6")]
    [InlineData("--level", "2", "--count", "-1")]
    [InlineData("--level", "2", "--split", "val")]
    public void Rejects_bad_options(params string[] options) =>
        Assert.NotEqual(0, Run(["lab", "problems", .. options]));
}
