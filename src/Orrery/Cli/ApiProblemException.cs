namespace Orrery.Cli;

/// <summary>An API call that the node answered with a problem (or could not be made).</summary>
internal sealed class ApiProblemException(string code, string detail) : Exception($"{code}: {detail}")
{
    public string Code { get; } = code;
}
