using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Knowledge;

/// <summary>
/// The one way FAQ entries are created, changed and deleted: each change and its index rows (keyword
/// and vector) commit together, and the in-memory indexes follow right after the commit, so search
/// never sees a half-applied edit. Embedding happens before the transaction; if the embedder fails
/// the edit is still saved and keyword-searchable, and the entry waits for re-embedding.
/// </summary>
public sealed class FaqService(IDbContextFactory<QwenHelpDbContext> dbFactory, KnowledgeIndex index, PassageTexts texts)
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
        var prepared = (await index.PrepareAsync([texts.ForFaq(entry)], null, null, cancellationToken))[0];

        await using var write = await index.BeginWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.FaqEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await write.UpsertAsync(db, PassageKey.Faq(entry.Id), prepared, isNew: true, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        write.Commit();
        return FaqSaveResult.Saved(entry);
    }

    /// <summary>
    /// Creates many entries in one transaction (a bulk import): all are saved, or none when any is
    /// invalid; the problems are keyed <c>[index].field</c>.
    /// </summary>
    public async Task<FaqBatchResult> CreateManyAsync(IReadOnlyList<FaqEntryInput> inputs, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < inputs.Count; i++)
        {
            foreach (var (field, messages) in FaqEntryRules.Validate(inputs[i]))
            {
                errors[$"[{i}].{field}"] = messages;
            }
        }

        if (errors.Count > 0)
        {
            return new FaqBatchResult([], errors);
        }

        var entries = inputs.Select(input =>
        {
            var normalized = input.Normalized();
            var entry = new FaqEntry { Question = normalized.Question, Answer = normalized.Answer };
            Apply(entry, normalized);
            return entry;
        }).ToList();
        var prepared = await index.PrepareAsync(entries.Select(texts.ForFaq).ToList(), null, null, cancellationToken);

        await using var write = await index.BeginWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.FaqEntries.AddRange(entries);
        await db.SaveChangesAsync(cancellationToken);
        for (var i = 0; i < entries.Count; i++)
        {
            await write.UpsertAsync(db, PassageKey.Faq(entries[i].Id), prepared[i], isNew: true, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        write.Commit();
        return new FaqBatchResult(entries, null);
    }

    public async Task<FaqSaveResult> UpdateAsync(int id, FaqEntryInput input, CancellationToken cancellationToken = default)
    {
        var errors = FaqEntryRules.Validate(input);
        if (errors.Count > 0)
        {
            return FaqSaveResult.Invalid(errors);
        }

        input = input.Normalized();
        var edited = new FaqEntry { Id = id, Question = input.Question, Answer = input.Answer };
        Apply(edited, input);
        var prepared = (await index.PrepareAsync([texts.ForFaq(edited)], [PassageKey.Faq(id)], null, cancellationToken))[0];

        await using var write = await index.BeginWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var entry = await db.FaqEntries.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return FaqSaveResult.NotFound;
        }

        Apply(entry, input);
        await db.SaveChangesAsync(cancellationToken);
        await write.UpsertAsync(db, PassageKey.Faq(entry.Id), prepared, isNew: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        write.Commit();
        return FaqSaveResult.Saved(entry);
    }

    /// <returns>False when there was no such entry.</returns>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var write = await index.BeginWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.FaqEntries.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken);
        await write.RemoveAsync(db, PassageKey.Faq(id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        write.Commit();
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

/// <summary>The outcome of creating many FAQ entries: all saved, or none and the problems keyed <c>[index].field</c>.</summary>
public sealed record FaqBatchResult(IReadOnlyList<FaqEntry> Saved, IReadOnlyDictionary<string, string[]>? Errors)
{
    public bool Succeeded => Errors is null;
}

/// <summary>The outcome of saving an FAQ entry.</summary>
public sealed record FaqSaveResult(FaqEntry? Entry, IReadOnlyDictionary<string, string[]>? Errors, bool WasFound = true)
{
    public static FaqSaveResult NotFound { get; } = new(null, null, false);

    public bool Succeeded => Entry is not null;

    public static FaqSaveResult Saved(FaqEntry entry) => new(entry, null);

    public static FaqSaveResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
}
