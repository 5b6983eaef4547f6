using System.Text.Json;

namespace QwenHelp.Infrastructure.Inference.Models;

/// <summary>What QwenHelp reads from tokenizer_config.json: the chat template's kind and the end-of-turn token.</summary>
public sealed record TokenizerConfig(string ChatTemplate, string? EosToken, bool TemplateHasThinking)
{
    public const string FileName = "tokenizer_config.json";

    public static TokenizerConfig Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new ModelFolderException(folder, FileName, "", "the file is missing.");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var template = root.TryGetProperty("chat_template", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
            if (template is null)
            {
                throw new ModelFolderException(folder, FileName, "chat_template", "is missing; an instruct model's tokenizer_config.json carries its chat template.");
            }

            if (!template.Contains("<|im_start|>", StringComparison.Ordinal))
            {
                throw new ModelFolderException(folder, FileName, "chat_template", "is not a ChatML template (<|im_start|>role ... <|im_end|>); QwenHelp formats chats the Qwen way only.");
            }

            string? eos = root.TryGetProperty("eos_token", out var e) ? e.ValueKind switch
            {
                JsonValueKind.String => e.GetString(),
                JsonValueKind.Object when e.TryGetProperty("content", out var c) => c.GetString(),
                _ => null,
            } : null;
            return new TokenizerConfig(template, eos, template.Contains("<think>", StringComparison.Ordinal));
        }
        catch (JsonException ex)
        {
            throw new ModelFolderException(folder, FileName, "", $"not valid JSON ({ex.Message})", ex);
        }
    }
}
