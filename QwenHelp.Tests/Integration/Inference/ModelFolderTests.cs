using System.Text.Json.Nodes;
using QwenHelp.Infrastructure.Inference.GenAi;
using QwenHelp.Infrastructure.Inference.Models;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Inference;

/// <summary>A broken model folder is refused with a message naming the file and the field.</summary>
public sealed class ModelFolderTests : IDisposable
{
    private readonly TempDataFolder _temp = new();

    private string Folder => Path.Combine(_temp.Path, "model");

    private GenAiModel Load() => GenAiModel.Load(Folder, intraOpThreads: 1);

    [Fact]
    public void TheTinyModelFolderLoads()
    {
        TinyModel.CopyTo(Folder);

        using var model = Load();

        Assert.Equal("qwen3", model.Config.ModelType);
        Assert.Equal(2, model.Config.Decoder.Layers);
        Assert.Contains(151645, model.StopTokenIds);
        Assert.True(model.TokenizerConfig.TemplateHasThinking);
    }

    [Fact]
    public void MissingFolderIsNamed()
    {
        var error = Assert.Throws<ModelFolderException>(Load);

        Assert.Contains(Folder, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("genai_config.json")]
    [InlineData("model.onnx")]
    [InlineData("tokenizer.json")]
    [InlineData("tokenizer_config.json")]
    public void MissingFileIsNamed(string file)
    {
        TinyModel.CopyTo(Folder);
        File.Delete(Path.Combine(Folder, file));

        var error = Assert.Throws<ModelFolderException>(Load);

        Assert.Equal(file, error.File);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingExternalWeightsAreNamed()
    {
        TinyModel.CopyTo(Folder);
        File.Delete(Path.Combine(Folder, "model.onnx.data"));

        var error = Assert.Throws<ModelFolderException>(Load);

        Assert.Equal("model.onnx", error.File);
        Assert.Contains("ONNX Runtime GenAI cannot load the model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadJsonInGenAiConfigIsNamed()
    {
        TinyModel.CopyTo(Folder);
        File.WriteAllText(Path.Combine(Folder, "genai_config.json"), "{ \"model\": { \"type\": \"qwen3\", ");

        var error = Assert.Throws<ModelFolderException>(Load);

        Assert.Equal("genai_config.json", error.File);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.type", "\"llama\"", "not supported")]
    [InlineData("model.decoder.num_hidden_layers", "0", "must be positive")]
    [InlineData("model.decoder.num_hidden_layers", "\"two\"", "must be an integer")]
    [InlineData("model.decoder.inputs.past_key_names", "\"past_key\"", "%d")]
    [InlineData("model.eos_token_id", "999999", "not a token id")]
    public void BadFieldIsNamed(string field, string json, string problem)
    {
        TinyModel.CopyTo(Folder);
        EditConfig(field, JsonNode.Parse(json));

        var error = Assert.Throws<ModelFolderException>(Load);

        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonChatMlTemplateIsRefused()
    {
        TinyModel.CopyTo(Folder);
        var path = Path.Combine(Folder, "tokenizer_config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config["chat_template"] = "{% for m in messages %}[INST] {{ m.content }} [/INST]{% endfor %}";
        File.WriteAllText(path, config.ToJsonString());

        var error = Assert.Throws<ModelFolderException>(Load);

        Assert.Equal("chat_template", error.Field);
    }

    [Fact]
    public void CorruptModelFileGivesGenAisMessage()
    {
        TinyModel.CopyTo(Folder);
        File.WriteAllText(Path.Combine(Folder, "model.onnx"), "not a protobuf");

        var error = Assert.Throws<ModelFolderException>(Load);

        Assert.Equal("model.onnx", error.File);
        Assert.Contains("ONNX Runtime GenAI cannot load the model", error.Message, StringComparison.Ordinal);
    }

    private void EditConfig(string field, JsonNode? value)
    {
        var path = Path.Combine(Folder, "genai_config.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var parts = field.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = node[part]!;
        }

        node[parts[^1]] = value;
        File.WriteAllText(path, root.ToJsonString());
    }

    public void Dispose() => _temp.Dispose();
}
