using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Domain.Chat;

/// <summary>The fixed sentences the assistant says without a model, in the customer's language.</summary>
public static class AnswerTexts
{
    public static string NotFound(string language) => language == Languages.Chinese
        ? "抱歉，我没有找到与您的问题相关的答案。您可以换一种说法再问，或联系人工客服。"
        : "Sorry, I couldn't find an answer to that. Try asking in other words, or ask to talk to a person.";

    /// <summary>Format string: {0} is the FAQ question, {1} its answer.</summary>
    public static string MayHelp(string language) => language == Languages.Chinese
        ? "我不确定是否完全理解了您的问题，以下内容或许有帮助：\n「{0}」\n{1}"
        : "I'm not sure I understood your question exactly, but this may help:\n\"{0}\"\n{1}";
}
