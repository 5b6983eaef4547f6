using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>What only SQL Server needs from the model (applied when the context runs on SQL Server).</summary>
internal static class SqlServerModel
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        // SQL Server refuses two cascade paths to one row: a conversation reaches its feedback, tool
        // calls and metrics directly and through their message. The direct path stays; deleting a
        // conversation still removes everything, since both paths run in the same statement.
        var throughMessages = modelBuilder.Model.GetEntityTypes()
            .SelectMany(e => e.GetForeignKeys())
            .Where(fk => fk.PrincipalEntityType.ClrType == typeof(Message) && fk.DeclaringEntityType.ClrType != typeof(Message))
            .ToList();
        foreach (var foreignKey in throughMessages)
        {
            foreignKey.DeleteBehavior = DeleteBehavior.ClientSetNull;
        }

        // Tables with triggers (the SQL Server migrations create them): EF must not read generated values with a bare OUTPUT clause there.
        modelBuilder.Entity<FaqEntry>().ToTable(t => t.HasTrigger("faq_entries_after_delete_index"));
        modelBuilder.Entity<KnowledgeChunk>().ToTable(t => t.HasTrigger("knowledge_chunks_after_delete_index"));
        modelBuilder.Entity<KnowledgeDocument>().ToTable(t => t.HasTrigger("tr_knowledge_documents_version"));
    }
}
