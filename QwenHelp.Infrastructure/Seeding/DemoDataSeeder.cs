using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Seeding;

/// <summary>Fills an empty knowledge base with the demo shop's FAQ and documents, when enabled.</summary>
public sealed partial class DemoDataSeeder(
    IDbContextFactory<QwenHelpDbContext> dbFactory,
    FaqService faq,
    DocumentService documents,
    IOptions<SeedingOptions> options,
    ILogger<DemoDataSeeder> logger)
{
    /// <returns>True when the demo data was loaded.</returns>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.DemoData)
        {
            return false;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.FaqEntries.AnyAsync(cancellationToken) || await db.KnowledgeDocuments.AnyAsync(cancellationToken))
            {
                return false;
            }
        }

        var entries = DemoDataSet.LoadFaq();
        foreach (var entry in entries)
        {
            var result = await faq.CreateAsync(entry, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidDataException($"Demo FAQ entry '{entry.Key}' is invalid: {string.Join("; ", result.Errors!.SelectMany(e => e.Value))}");
            }
        }

        var docs = DemoDataSet.LoadDocuments();
        var added = await documents.AddManyAsync(docs, cancellationToken);
        if (!added.Succeeded)
        {
            throw new InvalidDataException($"Demo documents are invalid: {string.Join("; ", added.Errors!.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        }

        LogSeeded(entries.Count, docs.Count);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the demo knowledge base: {FaqCount} FAQ entries, {DocumentCount} documents. Set QwenHelp:Seeding:DemoData=false to start empty.")]
    private partial void LogSeeded(int faqCount, int documentCount);
}
