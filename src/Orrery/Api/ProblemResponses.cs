using Microsoft.AspNetCore.Mvc;

namespace Orrery.Api;

/// <summary>Writes errors as application/problem+json carrying the error <c>code</c>.</summary>
public static class ProblemResponses
{
    public static ProblemDetails Create(string code, string detail, Guid? operationId = null)
    {
        var status = ErrorStatusCodes.For(code);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = code.Replace('_', ' '),
            Detail = detail,
            Type = $"https://orrery.dev/problems/{code}",
        };
        problem.Extensions["code"] = code;
        if (operationId is { } id)
        {
            problem.Extensions["operationId"] = id;
        }
        return problem;
    }

    public static async Task WriteAsync(HttpContext context, string code, string detail, Guid? operationId = null)
    {
        var problem = Create(code, detail, operationId);
        context.Response.StatusCode = problem.Status!.Value;
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
