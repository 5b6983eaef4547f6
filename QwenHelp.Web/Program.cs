using QwenHelp.Infrastructure;
using QwenHelp.Infrastructure.Configuration;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Infrastructure.Inference;
using QwenHelp.Infrastructure.Jobs;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Web;
using QwenHelp.Web.Admin;
using QwenHelp.Web.Api;
using QwenHelp.Web.Hosting;
using QwenHelp.Web.Security;
using QwenHelp.Web.Widget;

var builder = WebApplication.CreateBuilder(args);
builder.AddShippedDefaults();
builder.AddPortalSettings();
builder.AddInfrastructure();
builder.AddInference();
builder.AddConversationEngine();
builder.AddRetrieval();
builder.AddStaffAuthentication();
builder.AddSecurityHeaders();
builder.AddWebUi();
builder.AddHttpApi();
builder.AddWidgetEmbedding();
builder.AddAdminPortal();
builder.AddBackgroundJobs();
builder.AddArchivesPortal();
builder.AddProxyForwarding();

var app = builder.Build();
app.UseProxyForwarding();
app.UseHttpApiErrors();
app.UseSecurityHeaders();
app.UseWidgetEmbedding();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthApi();
app.MapChatApi();
app.MapConversationsApi();
app.MapWidgetSiteApi();
app.MapOpenAiCompatibleApi();
app.MapAccountApi();
app.MapAdminFaqApi();
app.MapAdminPortalApi();
app.MapArchivesPortalApi();
app.MapJobsDashboard();
app.MapWebUi();
app.MapDiagnosticsApi();

await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
