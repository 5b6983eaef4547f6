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
        ["Faq.Import"] = ("Import", "导入"),
        ["Faq.Export"] = ("Export", "导出"),
        ["Faq.ImportTitle"] = ("Import FAQ entries", "导入常见问题"),
        ["Faq.ImportHelp"] = ("A CSV file (columns key, question, answer, alternates separated by |, category, language, enabled) or a JSONL file (one JSON object a line). Entries with a key that exists are updated; the rest are added. If any line has a problem, nothing is imported.", "CSV 文件（列：key、question、answer、alternates（用 | 分隔）、category、language、enabled）或 JSONL 文件（每行一个 JSON 对象）。已存在的 key 会被更新，其余新增。只要有一行有问题，就不会导入任何内容。"),
        ["Faq.ImportChoose"] = ("Choose a .csv or .jsonl file", "选择 .csv 或 .jsonl 文件"),
        ["Faq.ImportDone"] = ("Imported: {0} added, {1} updated.", "导入完成：新增 {0} 条，更新 {1} 条。"),
        ["Faq.ImportProblems"] = ("Nothing was imported. Fix these lines and try again:", "未导入任何内容。请修正以下行后重试："),
        ["Faq.ImportBadType"] = ("Only .csv and .jsonl files can be imported.", "只能导入 .csv 或 .jsonl 文件。"),
        ["Faq.ImportTooBig"] = ("The file is larger than 10 MB.", "文件超过 10 MB。"),
        ["Faq.Importing"] = ("Importing…", "正在导入…"),
        ["Faq.Close"] = ("Close", "关闭"),
        ["Faq.AllCategories"] = ("All categories", "全部分类"),
        ["Faq.AllLanguages"] = ("All languages", "全部语言"),
        ["Faq.AnyState"] = ("Enabled and disabled", "全部状态"),
        ["Faq.OnlyEnabled"] = ("Enabled only", "仅启用"),
        ["Faq.OnlyDisabled"] = ("Disabled only", "仅停用"),
        ["Faq.Similar"] = ("A similar question already exists:", "已存在相似的问题："),
        ["Common.Yes"] = ("Yes", "是"),
        ["Common.No"] = ("No", "否"),
        ["Demo.Title"] = ("Lumen Mall — demo shop", "流明商城 — 演示网店"),
        ["Demo.Open"] = ("Chat with us", "在线咨询"),
        ["Demo.Close"] = ("Close chat", "关闭对话"),

        // Widget and chat (keys "Widget.*", "Chat.*")
        ["Widget.Close"] = ("Close chat", "关闭对话"),
        ["Widget.Stop"] = ("Stop answering", "停止回答"),
        ["Widget.Stopped"] = (" (stopped)", "（已停止）"),
        ["Widget.TalkToPerson"] = ("Talk to a person", "转人工客服"),
        ["Widget.HumanRequest"] = ("I'd like to talk to a person, please.", "我要转人工客服。"),
        ["Widget.FromAgent"] = ("Support agent", "人工客服"),
        ["Widget.RateAnswer"] = ("Was this answer helpful?", "这个回答有帮助吗？"),
        ["Widget.Helpful"] = ("Helpful", "有帮助"),
        ["Widget.NotHelpful"] = ("Not helpful", "没有帮助"),
        ["Widget.Thanks"] = ("Thanks for your feedback!", "感谢您的反馈！"),
        ["Widget.CommentLabel"] = ("What was wrong? (optional)", "哪里不满意？（可选）"),
        ["Chat.WaitingForAgent"] = ("Waiting for a person to join…", "正在等待人工客服接入…"),
        ["Chat.WithAgent"] = ("You're chatting with a person.", "人工客服正在为您服务。"),

        // Retrieval and search playground (keys "Search.*")

        // Inference and model settings (keys "Model.*")

        // Conversations, agent console (keys "Conversation.*", "Agent.*")

        // Settings, users, analytics (keys "Settings.*", "Users.*", "Analytics.*")
        ["Admin.Users"] = ("Users", "用户"),
        ["Users.Add"] = ("Add user", "新增用户"),
        ["Users.UserName"] = ("User name", "用户名"),
        ["Users.DisplayName"] = ("Display name", "显示名称"),
        ["Users.Roles"] = ("Roles", "角色"),
        ["Users.Role.Admin"] = ("Administrator", "管理员"),
        ["Users.Role.Agent"] = ("Agent", "客服坐席"),
        ["Users.Password"] = ("Initial password", "初始密码"),
        ["Users.NewPassword"] = ("New password", "新密码"),
        ["Users.PasswordRule"] = ("At least 10 characters, with upper and lower case letters and a digit.", "至少 10 位，需包含大写字母、小写字母和数字。"),
        ["Users.Status"] = ("Status", "状态"),
        ["Users.Active"] = ("Active", "正常"),
        ["Users.Locked"] = ("Locked", "已锁定"),
        ["Users.Created"] = ("Created", "创建时间"),
        ["Users.Lock"] = ("Lock", "锁定"),
        ["Users.Unlock"] = ("Unlock", "解锁"),
        ["Users.ResetPassword"] = ("Reset password", "重置密码"),
        ["Users.SaveRoles"] = ("Save roles", "保存角色"),
        ["Users.Delete"] = ("Delete", "删除"),
        ["Users.ConfirmDelete"] = ("Delete this account? The person can no longer sign in.", "确定删除该账户吗？此人将无法再登录。"),
        ["Users.Saved"] = ("Saved.", "已保存。"),
        ["Users.You"] = ("(you)", "（您）"),
        ["Users.Empty"] = ("No staff accounts.", "暂无员工账户。"),
        ["Admin.Sites"] = ("Widget sites", "网站接入"),
        ["Admin.ApiKeys"] = ("API keys", "API 密钥"),
        ["Admin.Audit"] = ("Audit log", "操作日志"),
        ["Sites.Add"] = ("Add site", "新增网站"),
        ["Sites.Edit"] = ("Edit site", "编辑网站"),
        ["Sites.Key"] = ("Site key (data-site)", "网站标识（data-site）"),
        ["Sites.Name"] = ("Name", "名称"),
        ["Sites.Origins"] = ("Allowed origins, one per line (e.g. https://shop.example.com)", "允许的来源，每行一个（如 https://shop.example.com）"),
        ["Sites.OriginsShort"] = ("Allowed origins", "允许的来源"),
        ["Sites.OnlyThisServer"] = ("This server only", "仅本服务器"),
        ["Sites.Color"] = ("Colour", "主题色"),
        ["Sites.Position"] = ("Position", "位置"),
        ["Sites.Greeting"] = ("Open with a greeting", "自动弹出问候"),
        ["Sites.GreetingDelay"] = ("after seconds", "延迟秒数"),
        ["Sites.GreetingPages"] = ("on pages starting with (one per line; empty: all pages)", "页面路径前缀（每行一个；留空表示全部页面）"),
        ["Sites.Enabled"] = ("Enabled", "启用"),
        ["Sites.Snippet"] = ("Put this tag on the site's pages:", "在网站页面中加入以下代码："),
        ["Sites.Secret"] = ("Identity secret (HMAC key for signed visitor ids; keep it on your server)", "身份密钥（用于签名访客 ID 的 HMAC 密钥，请只保存在您的服务器上）"),
        ["Sites.RotateSecret"] = ("New secret", "重新生成密钥"),
        ["Sites.Empty"] = ("No sites yet.", "还没有网站。"),
        ["Sites.ConfirmDelete"] = ("Delete this site? Its widget stops appearing at once.", "确定删除该网站吗？其聊天窗口将立即停止显示。"),
        ["Keys.Create"] = ("Create key", "创建密钥"),
        ["Keys.Name"] = ("Name (who uses it)", "名称（用途）"),
        ["Keys.Prefix"] = ("Key", "密钥"),
        ["Keys.Created"] = ("Created", "创建时间"),
        ["Keys.CreatedBy"] = ("By", "创建人"),
        ["Keys.LastUsed"] = ("Last used", "最近使用"),
        ["Keys.Never"] = ("never", "从未"),
        ["Keys.Status"] = ("Status", "状态"),
        ["Keys.Active"] = ("Active", "有效"),
        ["Keys.Revoked"] = ("Revoked", "已吊销"),
        ["Keys.Revoke"] = ("Revoke", "吊销"),
        ["Keys.ConfirmRevoke"] = ("Revoke this key? Calls with it are refused at once.", "确定吊销该密钥吗？使用它的调用将立即被拒绝。"),
        ["Keys.ShowOnce"] = ("Copy the key now: it is not shown again.", "请立即复制密钥：它不会再次显示。"),
        ["Keys.Empty"] = ("No API keys yet.", "还没有 API 密钥。"),
        ["Keys.Usage"] = ("Use it as a bearer token for POST /v1/chat/completions.", "在调用 POST /v1/chat/completions 时作为 Bearer 令牌使用。"),
        ["Audit.At"] = ("When", "时间"),
        ["Audit.Actor"] = ("Who", "操作人"),
        ["Audit.Action"] = ("What", "操作"),
        ["Audit.Target"] = ("On", "对象"),
        ["Audit.Details"] = ("Details", "详情"),
        ["Audit.Empty"] = ("No changes recorded yet.", "暂无操作记录。"),

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
