using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Knowledge.Transfer;
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

    /// <summary>
    /// Creates or updates (by key) every entry of an import in one transaction: when any row is
    /// invalid, nothing is imported and every problem is reported with its line.
    /// </summary>
    public async Task<FaqImportReport> ImportAsync(IReadOnlyList<FaqImportRow> rows, CancellationToken cancellationToken = default)
    {
        var problems = new List<FaqImportProblem>();
        var keysSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var (field, messages) in FaqEntryRules.Validate(row.Entry))
            {
                problems.AddRange(messages.Select(m => new FaqImportProblem(row.Line, field, m)));
            }

            var key = row.Entry.Normalized().Key;
            if (key is not null && !keysSeen.TryAdd(key, row.Line))
            {
                problems.Add(new FaqImportProblem(row.Line, "key", $"The key '{key}' is already used on line {keysSeen[key]}."));
            }
        }

        if (problems.Count > 0)
        {
            return FaqImportReport.Refused(problems);
        }

        var inputs = rows.Select(r => r.Entry.Normalized()).ToList();
        var keys = keysSeen.Keys.ToList();
        Dictionary<string, int> existingIds;
        await using (var lookup = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            existingIds = await lookup.FaqEntries.Where(e => e.Key != null && keys.Contains(e.Key)).ToDictionaryAsync(e => e.Key!, e => e.Id, cancellationToken);
        }

        // Analyze and embed every entry before the transaction (embedding may be slow or remote).
        var drafts = inputs.Select(input =>
        {
            var draft = new FaqEntry { Id = input.Key is not null && existingIds.TryGetValue(input.Key, out var id) ? id : 0, Question = input.Question, Answer = input.Answer };
            Apply(draft, input);
            return draft;
        }).ToList();
        var prepared = await index.PrepareAsync(
            drafts.Select(texts.ForFaq).ToList(),
            drafts.Select(d => d.Id > 0 ? PassageKey.Faq(d.Id) : (PassageKey?)null).ToList(),
            null,
            cancellationToken);

        await using var write = await index.BeginWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tracked = await db.FaqEntries.Where(e => e.Key != null && keys.Contains(e.Key)).ToDictionaryAsync(e => e.Key!, cancellationToken);
        var saved = new List<FaqEntry>(inputs.Count);
        int created = 0, updated = 0;
        foreach (var input in inputs)
        {
            if (input.Key is not null && tracked.TryGetValue(input.Key, out var entry))
            {
                updated++;
            }
            else
            {
                entry = new FaqEntry { Question = input.Question, Answer = input.Answer };
                db.FaqEntries.Add(entry);
                created++;
            }

            Apply(entry, input);
            saved.Add(entry);
        }

        await db.SaveChangesAsync(cancellationToken);
        for (var i = 0; i < saved.Count; i++)
        {
            await write.UpsertAsync(db, PassageKey.Faq(saved[i].Id), prepared[i], isNew: drafts[i].Id == 0, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        write.Commit();
        return new FaqImportReport(created, updated, []);
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
