namespace MathCritique.Lab;

/// <summary>Marker for the lab assembly.</summary>
public static class LabAssembly
{
    public static MathCritique.Problems.Problem? None => null;
}
