using QwenHelp.Infrastructure;
using QwenHelp.Infrastructure.Inference;
using QwenHelp.Web;
using QwenHelp.Web.Api;
using QwenHelp.Web.Cli;
using QwenHelp.Web.Security;

if (CliCommands.TryFind(args, out var command, out var commandArgs))
{
    return await command!.RunAsync(commandArgs, Console.Out, Console.Error, CancellationToken.None);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddShippedDefaults();
builder.AddInfrastructure();
builder.AddInference();
builder.AddStaffAuthentication();
builder.AddWebUi();
builder.AddHttpApi();

var app = builder.Build();
app.UseHttpApiErrors();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthApi();
app.MapChatApi();
app.MapOpenAiCompatibleApi();
app.MapAccountApi();
app.MapWebUi();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
