using Orrery.Cli;

return await OrreryCli.Create().Parse(args).InvokeAsync();
