namespace MathCritique.Collection;

/// <summary>How a (possibly flawed) solution was constructed — the paper's three methods.</summary>
public enum ConstructionMethod
{
    /// <summary>RG1: sample the actor and keep wrong and right solutions.</summary>
    Rg1Sampling,
    /// <summary>RG2: greedy up to step k−1, then continue from step k at a raised temperature (k is the error location).</summary>
    Rg2ResampleFromStep,
    /// <summary>RG3: a model rewrites step k with a named mistake type, then the actor continues.</summary>
    Rg3InsertedMistake,
}
