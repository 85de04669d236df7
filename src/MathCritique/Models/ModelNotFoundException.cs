namespace MathCritique.Models;

/// <summary>A model address names a file that is not there.</summary>
public sealed class ModelNotFoundException(string path)
    : FileNotFoundException($"Model file not found: {Path.GetFullPath(path)}", path);
