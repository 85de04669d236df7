using System.Diagnostics;
using System.Reflection;

namespace MathCritique.Tests.Cli;

/// <summary>
/// The README's install line works: the CLI packed as a tool and installed to a tool path runs the main job with its
/// shipped lab models (and the native llama.cpp libraries) from an empty directory, and its usage line says
/// <c>mathcritique</c>.
/// </summary>
public sealed class PackagedToolTests(PackagedToolTests.InstalledTool tool) : IClassFixture<PackagedToolTests.InstalledTool>
{
    [Fact]
    public void The_usage_line_names_mathcritique()
    {
        var help = tool.Run(TimeSpan.FromMinutes(1), "--help");
        Assert.True(help.Code == 0, help.Describe());
        Assert.Contains("Usage:\n  mathcritique [command] [options]", help.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("MathCritique.Cli", help.Output, StringComparison.Ordinal);

        var evalHelp = tool.Run(TimeSpan.FromMinutes(1), "eval", "--help");
        Assert.Contains("mathcritique eval [options]", evalHelp.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_runs_from_an_empty_directory_on_the_shipped_models()
    {
        // The default actor, and the default critic named as the README names it (models/...), which is not here.
        var run = tool.Run(TimeSpan.FromMinutes(5), "eval", "--critic", "models/lab-critic-deep.gguf",
            "--levels", "1", "--per-level", "1", "--samples", "2", "--rounds", "1", "--out", "run");
        Assert.True(run.Code == 0, run.Describe());
        var directory = Path.Combine(tool.WorkingDirectory, "run");
        Assert.True(File.Exists(Path.Combine(directory, "report.md")), run.Describe());
        var manifest = File.ReadAllText(Path.Combine(directory, "run.json"));
        Assert.Contains("(lab-actor.gguf, sha256 ", manifest, StringComparison.Ordinal);
        Assert.Contains("(lab-critic-deep.gguf, sha256 ", manifest, StringComparison.Ordinal);
    }

    /// <summary>Packs the CLI once (what this test run built), installs it to a temporary tool path from that package alone.</summary>
    public sealed class InstalledTool : IDisposable
    {
        private static readonly TimeSpan PackLimit = TimeSpan.FromMinutes(5);
        private readonly string _root = Directory.CreateTempSubdirectory("mc-tool-").FullName;
        private readonly string _command;

        public InstalledTool()
        {
            var project = Path.Combine(RepositoryRoot(), "src", "MathCritique.Cli", "MathCritique.Cli.csproj");
            var packages = Path.Combine(_root, "nupkg");
            var tools = Path.Combine(_root, "tools");
            WorkingDirectory = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;

            // --no-build: the CLI this test run built and tested (in its configuration), packed as it is; one pack per run.
            var configuration = typeof(InstalledTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            Expect(Execute("dotnet", _root, PackLimit, "pack", project, "-c", configuration, "--no-build", "-o", packages), "dotnet pack");

            // Only the package just made: no other feed is asked, so the install works offline.
            var config = Path.Combine(_root, "nuget.config");
            File.WriteAllText(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="packed" value="{packages}" />
                  </packageSources>
                </configuration>
                """);
            Expect(Execute("dotnet", _root, PackLimit, "tool", "install", "--tool-path", tools, "--configfile", config, "MathCritique.Cli"), "dotnet tool install");
            _command = Path.Combine(tools, OperatingSystem.IsWindows() ? "mathcritique.exe" : "mathcritique");
            Assert.True(File.Exists(_command), $"dotnet tool install made no {_command}");
        }

        /// <summary>An empty directory, outside the repository, that the tool runs in.</summary>
        public string WorkingDirectory { get; }

        public Result Run(TimeSpan limit, params string[] args) => Execute(_command, WorkingDirectory, limit, args);

        public void Dispose() => Directory.Delete(_root, recursive: true);

        private static void Expect(Result result, string step) => Assert.True(result.Code == 0, $"{step}: {result.Describe()}");

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MathCritique.slnx")))
                    return dir.FullName;
            }
            throw new DirectoryNotFoundException($"no MathCritique.slnx above {AppContext.BaseDirectory}");
        }

        private static Result Execute(string file, string directory, TimeSpan limit, params string[] args)
        {
            var start = new ProcessStartInfo(file)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in args)
                start.ArgumentList.Add(arg);
            // The test host's MSBuild settings would steer the child's build; the child finds its own.
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
                start.Environment.Remove(name);
            // No MSBuild node or build server outlives the child holding its pipes open.
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";

            using var process = Process.Start(start)!;
            // Both pipes drained as the child writes, so a full one never blocks it.
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            string commandLine = $"{file} {string.Join(' ', args)}";
            bool exited = process.WaitForExit(limit);
            if (!exited)
                process.Kill(entireProcessTree: true);
            Task.WaitAll([output, error], TimeSpan.FromSeconds(30));
            string Text(Task<string> pipe) => pipe.IsCompletedSuccessfully ? pipe.Result : "(not closed)";
            return exited
                ? new Result(process.ExitCode, commandLine, Text(output), Text(error))
                : new Result(-1, commandLine, Text(output), $"still running after {limit.TotalMinutes} min, killed\n{Text(error)}");
        }
    }

    public sealed record Result(int Code, string CommandLine, string Output, string Error)
    {
        public string Describe() => $"`{CommandLine}` exited {Code}\nstdout:\n{Output}\nstderr:\n{Error}";
    }
}
