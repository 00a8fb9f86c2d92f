using System.Net;
using System.Text.Json;

namespace Orrery.Tests.Support;

internal static class ProblemAssertions
{
    /// <summary>Asserts a problem+json answer with the given status and error code; returns the body.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        problem.GetProperty("code").GetString().ShouldBe(code, body);
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }
}
