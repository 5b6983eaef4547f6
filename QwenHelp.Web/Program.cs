using QwenHelp.Infrastructure;
using QwenHelp.Web;
using QwenHelp.Web.Api;
using QwenHelp.Web.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddShippedDefaults();
builder.AddInfrastructure();
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
app.MapAccountApi();
app.MapWebUi();

await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
