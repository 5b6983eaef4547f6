using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Knowledge;

/// <summary>
/// The one way FAQ entries are created, changed and deleted: each change and its keyword-index
/// update commit together, so search never sees a half-applied edit.
/// </summary>
public sealed class FaqService(IDbContextFactory<QwenHelpDbContext> dbFactory, KeywordIndexWriter index, KnowledgeBaseVersion version)
{
    public async Task<FaqSaveResult> CreateAsync(FaqEntryInput input, CancellationToken cancellationToken = default)
    {
        var errors = FaqEntryRules.Validate(input);
        if (errors.Count > 0)
        {
            return FaqSaveResult.Invalid(errors);
        }

        input = input.Normalized();
        var entry = new FaqEntry { Question = input.Question, Answer = input.Answer };
        Apply(entry, input);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.FaqEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await index.UpsertFaqAsync(db, entry, cancellationToken);
        await version.BumpAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return FaqSaveResult.Saved(entry);
    }

    public async Task<FaqSaveResult> UpdateAsync(int id, FaqEntryInput input, CancellationToken cancellationToken = default)
    {
        var errors = FaqEntryRules.Validate(input);
        if (errors.Count > 0)
        {
            return FaqSaveResult.Invalid(errors);
        }

        input = input.Normalized();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var entry = await db.FaqEntries.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return FaqSaveResult.NotFound;
        }

        Apply(entry, input);
        await db.SaveChangesAsync(cancellationToken);
        await index.UpsertFaqAsync(db, entry, cancellationToken);
        await version.BumpAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return FaqSaveResult.Saved(entry);
    }

    /// <returns>False when there was no such entry.</returns>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.FaqEntries.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken);
        await index.DeleteFaqAsync(db, id, cancellationToken);
        await version.BumpAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    public async Task<List<FaqEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.FaqEntries.AsNoTracking().OrderBy(e => e.Category).ThenBy(e => e.Id).ToListAsync(cancellationToken);
    }

    public async Task<FaqEntry?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.FaqEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
    }

    private static void Apply(FaqEntry entry, FaqEntryInput input)
    {
        entry.Question = input.Question;
        entry.Answer = input.Answer;
        entry.AlternateQuestions = [.. input.AlternateQuestions ?? []];
        entry.Category = input.Category;
        entry.Language = input.Language;
        entry.Enabled = input.Enabled;
        entry.Key = input.Key ?? entry.Key;
    }
}

/// <summary>The outcome of saving an FAQ entry.</summary>
public sealed record FaqSaveResult(FaqEntry? Entry, IReadOnlyDictionary<string, string[]>? Errors, bool WasFound = true)
{
    public static FaqSaveResult NotFound { get; } = new(null, null, false);

    public bool Succeeded => Entry is not null;

    public static FaqSaveResult Saved(FaqEntry entry) => new(entry, null);

    public static FaqSaveResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
}
