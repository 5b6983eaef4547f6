using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Web.Localization;

/// <summary>Every fixed UI string in English and Chinese, side by side so that neither falls behind.</summary>
public sealed class UiText
{
    private static readonly Dictionary<string, (string En, string Zh)> Strings = new(StringComparer.Ordinal)
    {
        ["AppName"] = ("QwenHelp", "QwenHelp"),
        ["Widget.Title"] = ("Customer service", "在线客服"),
        ["Widget.Subtitle"] = ("Ask us anything about orders, shipping, returns and more", "订单、配送、退换货等问题，随时问我"),
        ["Widget.Greeting"] = ("Hi! I'm the Lumen Mall assistant. How can I help you today?", "您好！我是流明商城智能客服，请问有什么可以帮您？"),
        ["Widget.Placeholder"] = ("Type your question…", "请输入您的问题…"),
        ["Widget.InputLabel"] = ("Your message", "您的消息"),
        ["Widget.Send"] = ("Send", "发送"),
        ["Widget.Thinking"] = ("The assistant is answering…", "客服正在回复…"),
        ["Widget.Source"] = ("Source", "来源"),
        ["Widget.You"] = ("You", "您"),
        ["Widget.Assistant"] = ("Assistant", "客服"),
        ["Widget.Language"] = ("中文", "English"),
        ["Widget.LanguageLabel"] = ("Switch to Chinese", "切换到英文"),
        ["Widget.Error"] = ("Sorry, something went wrong. Please try again.", "抱歉，出现了问题，请稍后重试。"),
        ["Widget.TooLong"] = ("Your message is too long. Please shorten it.", "消息过长，请精简后再发送。"),
        ["Widget.Suggestions"] = ("Popular questions", "常见问题"),
        ["Mode.Direct"] = ("Answered from the FAQ", "来自常见问题"),
        ["Mode.Fallback"] = ("Closest match from the FAQ", "常见问题中最接近的内容"),
        ["Mode.Unanswered"] = ("No answer found", "未找到答案"),
        ["Login.Title"] = ("Staff sign-in", "员工登录"),
        ["Login.UserName"] = ("User name", "用户名"),
        ["Login.Password"] = ("Password", "密码"),
        ["Login.Submit"] = ("Sign in", "登录"),
        ["Login.Failed"] = ("The user name or password is wrong.", "用户名或密码错误。"),
        ["Login.LockedOut"] = ("Too many failed attempts. The account is locked for a while.", "失败次数过多，账户已被暂时锁定。"),
        ["Login.Denied"] = ("Your account does not have access to this page.", "您的账户无权访问此页面。"),
        ["Admin.Title"] = ("Admin portal", "管理后台"),
        ["Admin.Faq"] = ("FAQ", "常见问题"),
        ["Admin.SignOut"] = ("Sign out", "退出登录"),
        ["Admin.Demo"] = ("Demo site", "演示网站"),
        ["Faq.Add"] = ("Add FAQ entry", "新增问答"),
        ["Faq.Edit"] = ("Edit FAQ entry", "编辑问答"),
        ["Faq.Delete"] = ("Delete", "删除"),
        ["Faq.ConfirmDelete"] = ("Delete this FAQ entry? Customers will no longer get this answer.", "确定删除该问答吗？客户将不再得到这个答案。"),
        ["Faq.Question"] = ("Question", "问题"),
        ["Faq.Answer"] = ("Answer", "答案"),
        ["Faq.Alternates"] = ("Other ways customers ask it (one per line)", "其他问法（每行一个）"),
        ["Faq.Category"] = ("Category", "分类"),
        ["Faq.Language"] = ("Language", "语言"),
        ["Faq.Enabled"] = ("Enabled", "启用"),
        ["Faq.Updated"] = ("Updated", "更新时间"),
        ["Faq.Save"] = ("Save", "保存"),
        ["Faq.Cancel"] = ("Cancel", "取消"),
        ["Faq.Saved"] = ("Saved. The assistant answers with it now.", "已保存，客服将立即使用该答案。"),
        ["Faq.Deleted"] = ("Deleted.", "已删除。"),
        ["Faq.Empty"] = ("No FAQ entries yet. Add the first one, or turn on the demo data.", "还没有问答。请新增第一条，或开启演示数据。"),
        ["Faq.Search"] = ("Search questions and answers", "搜索问题和答案"),
        ["Faq.Count"] = ("{0} entries", "共 {0} 条"),
        ["Common.Yes"] = ("Yes", "是"),
        ["Common.No"] = ("No", "否"),
        ["Demo.Title"] = ("Lumen Mall — demo shop", "流明商城 — 演示网店"),
        ["Demo.Open"] = ("Chat with us", "在线咨询"),
        ["Demo.Close"] = ("Close chat", "关闭对话"),

        // Widget and chat (keys "Widget.*", "Chat.*")
        ["Chat.WaitingForAgent"] = ("Waiting for a person to join…", "正在等待人工客服接入…"),
        ["Chat.WithAgent"] = ("You're chatting with a person.", "人工客服正在为您服务。"),

        // Retrieval and search playground (keys "Search.*")

        // Inference and model settings (keys "Model.*")

        // Conversations, agent console (keys "Conversation.*", "Agent.*")

        // Settings, users, analytics (keys "Settings.*", "Users.*", "Analytics.*")

        // Jobs (keys "Jobs.*")
    };

    private readonly bool _chinese;

    private UiText(string language) => _chinese = language == Languages.Chinese;

    public static UiText English { get; } = new(Languages.English);

    public static UiText Chinese { get; } = new(Languages.Chinese);

    public string Language => _chinese ? Languages.Chinese : Languages.English;

    public string this[string key] => Strings.TryGetValue(key, out var text) ? (_chinese ? text.Zh : text.En) : key;

    public static UiText For(string language) => language == Languages.Chinese ? Chinese : English;

    public string Format(string key, params object[] args) => string.Format(System.Globalization.CultureInfo.CurrentCulture, this[key], args);
}
