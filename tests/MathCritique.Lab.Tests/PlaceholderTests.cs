namespace MathCritique.Lab.Tests;

public class LabProjectTests
{
    [Fact]
    public void Lab_assembly_references_core() =>
        Assert.Contains(typeof(MathCritique.Lab.LabAssembly).Assembly.GetReferencedAssemblies(), a => a.Name == "MathCritique");
}
