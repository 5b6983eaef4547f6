using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Domain.Conversations;

/// <summary>What the customer is told when a person takes over, and while they wait.</summary>
public static class HandoffTexts
{
    public static string HandedOff(string reason, string language) => (reason, language == Languages.Chinese) switch
    {
        (HandoffReasons.Unanswered, true) => "抱歉，我没能解决您的问题，已为您转接人工客服。客服人员会在这里回复您（服务时间 9:00–21:00，通常几分钟内）；您可以继续留言，他们都能看到。",
        (HandoffReasons.Unanswered, false) => "Sorry I couldn't help with that. I've passed your conversation to a person: an agent will reply right here (service hours 9:00–21:00, usually within a few minutes). You can keep writing; they will see everything.",
        (_, true) => "好的，已为您转接人工客服。客服人员会在这里回复您（服务时间 9:00–21:00，通常几分钟内）；您可以继续留言，他们都能看到。",
        _ => "I've passed your conversation to a person: an agent will reply right here (service hours 9:00–21:00, usually within a few minutes). You can keep writing; they will see everything.",
    };

    public static string StillWaiting(string language) => language == Languages.Chinese
        ? "您的消息已收到，正在为您排队等待人工客服，请稍候。"
        : "Got it. You're in the queue for a person, who will see this message when they pick up your conversation.";

    public static string WithAgent(string language) => language == Languages.Chinese
        ? "您的消息已转给正在为您服务的客服人员。"
        : "Your message has been passed to the agent helping you.";

    public static string Refused(string language) => language == Languages.Chinese
        ? "抱歉，这条消息包含不允许的内容，我无法回复。请换一种说法，或输入「转人工」联系人工客服。"
        : "Sorry, I can't respond to that message. Please rephrase it, or type \"human\" to reach a person.";
}
