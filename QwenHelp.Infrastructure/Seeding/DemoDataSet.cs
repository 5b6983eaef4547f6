using System.Text.Json;
using System.Text.Json.Serialization;
using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Infrastructure.Seeding;

/// <summary>
/// The demo knowledge base of "Lumen Mall" (流明商城), a fictional online shop, embedded in this
/// assembly: Seeding/DemoData/faq.json and one Markdown file per policy document and language.
/// </summary>
public static class DemoDataSet
{
    private const string Prefix = "DemoData/";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<FaqEntryInput> LoadFaq()
    {
        using var stream = Open("faq.json");
        var items = JsonSerializer.Deserialize<List<DemoFaq>>(stream, JsonOptions)
            ?? throw new InvalidDataException("The embedded demo FAQ is empty.");
        return items.Select(i => new FaqEntryInput(i.Question, i.Answer, i.Alternates, i.Category, i.Language, true, i.Key)).ToList();
    }

    public static IReadOnlyList<KnowledgeDocument> LoadDocuments()
    {
        var assembly = typeof(DemoDataSet).Assembly;
        var documents = new List<KnowledgeDocument>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(Open(name[Prefix.Length..]));
            var (header, body) = FrontMatter.Split(reader.ReadToEnd());
            var key = name[Prefix.Length..^3];
            documents.Add(new KnowledgeDocument
            {
                Key = key,
                Title = header.GetValueOrDefault("title") ?? key,
                Category = header.GetValueOrDefault("category") ?? "general",
                Language = header.GetValueOrDefault("language") ?? Languages.English,
                Content = body,
            });
        }

        return documents;
    }

    private static Stream Open(string file) =>
        typeof(DemoDataSet).Assembly.GetManifestResourceStream(Prefix + file)
        ?? throw new InvalidDataException($"The embedded demo data file '{file}' is missing.");

    private sealed record DemoFaq(
        [property: JsonPropertyName("key")] string Key,
        [property: JsonPropertyName("category")] string Category,
        [property: JsonPropertyName("language")] string Language,
        [property: JsonPropertyName("question")] string Question,
        [property: JsonPropertyName("alternates")] List<string>? Alternates,
        [property: JsonPropertyName("answer")] string Answer);
}
