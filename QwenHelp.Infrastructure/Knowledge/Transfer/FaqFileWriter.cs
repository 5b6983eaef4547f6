using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Infrastructure.Knowledge.Transfer;

/// <summary>Writes FAQ entries as CSV or JSONL, in the same shape <see cref="FaqFileReader"/> reads.</summary>
public static class FaqFileWriter
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(Stream output, IEnumerable<FaqEntry> entries, FaqFileFormat format, CancellationToken cancellationToken)
    {
        // A BOM in CSV makes spreadsheet programs read the Chinese text as UTF-8.
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: format == FaqFileFormat.Csv), leaveOpen: true);
        if (format == FaqFileFormat.Csv)
        {
            // A cell starting with = + - @ is a formula to a spreadsheet: escaped with a leading ' (read back by FaqFileReader).
            await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }, leaveOpen: true);
            foreach (var column in new[] { "key", "question", "answer", "alternates", "category", "language", "enabled" })
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync();
            foreach (var e in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                csv.WriteField(e.Key ?? "");
                csv.WriteField(e.Question);
                csv.WriteField(e.Answer);
                csv.WriteField(string.Join(" | ", e.AlternateQuestions));
                csv.WriteField(e.Category);
                csv.WriteField(e.Language);
                csv.WriteField(e.Enabled ? "true" : "false");
                await csv.NextRecordAsync();
            }
        }
        else
        {
            foreach (var e in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await writer.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    key = e.Key,
                    question = e.Question,
                    answer = e.Answer,
                    alternates = e.AlternateQuestions,
                    category = e.Category,
                    language = e.Language,
                    enabled = e.Enabled,
                }, Json));
            }
        }

        await writer.FlushAsync(cancellationToken);
    }
}
