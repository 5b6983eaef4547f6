using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QwenHelp.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "analytics_daily",
                columns: table => new
                {
                    day = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    time_zone = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    figures = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    computed_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analytics_daily", x => new { x.day, x.time_zone });
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    name = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    prefix = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    hash = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    created_by = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    last_used_at = table.Column<long>(type: "bigint", nullable: true),
                    revoked_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "archive_files",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    day = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    part = table.Column<int>(type: "int", nullable: false),
                    file_name = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    conversations = table.Column<long>(type: "bigint", nullable: false),
                    row_total = table.Column<long>(type: "bigint", nullable: false),
                    row_counts = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    content_sha256 = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    status = table.Column<int>(type: "int", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    verified_at = table.Column<long>(type: "bigint", nullable: true),
                    archived_at = table.Column<long>(type: "bigint", nullable: true),
                    restored_at = table.Column<long>(type: "bigint", nullable: true),
                    restored_by = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    restored_count = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_archive_files", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    actor = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    action = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    target = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    details = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "conversations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    visitor_id = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    channel = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    language = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    state = table.Column<int>(type: "int", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    closed_at = table.Column<long>(type: "bigint", nullable: true),
                    summary = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    summary_through = table.Column<long>(type: "bigint", nullable: false),
                    pinned_facts = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    unanswered_streak = table.Column<int>(type: "int", nullable: false),
                    handoff_reason = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    handoff_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_conversations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "engine_settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    value = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_engine_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "faq_entries",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    key = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    question = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    answer = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    alternate_questions = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    category = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    language = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    enabled = table.Column<bool>(type: "bit", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_faq_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "job_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    job_key = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    trigger_kind = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    requested_by = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    started_at = table.Column<long>(type: "bigint", nullable: false),
                    finished_at = table.Column<long>(type: "bigint", nullable: true),
                    duration_ms = table.Column<long>(type: "bigint", nullable: true),
                    outcome = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    summary = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    error = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    progress_done = table.Column<long>(type: "bigint", nullable: true),
                    progress_total = table.Column<long>(type: "bigint", nullable: true),
                    progress_stage = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "job_schedules",
                columns: table => new
                {
                    job_key = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    cron = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    paused = table.Column<int>(type: "int", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_by = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_schedules", x => x.job_key);
                });

            migrationBuilder.CreateTable(
                name: "job_state",
                columns: table => new
                {
                    job_key = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    name = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    value = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_state", x => new { x.job_key, x.name });
                });

            migrationBuilder.CreateTable(
                name: "knowledge_base_version",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_base_version", x => x.id);
                    table.CheckConstraint("ck_knowledge_base_version_one_row", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "knowledge_documents",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    key = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    title = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    content = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    content_type = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    category = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    language = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    enabled = table.Column<bool>(type: "bit", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "passage_vectors",
                columns: table => new
                {
                    kind = table.Column<int>(type: "int", nullable: false),
                    source_id = table.Column<long>(type: "bigint", nullable: false),
                    model_id = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    dimension = table.Column<int>(type: "int", nullable: false),
                    vector = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    content_hash = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_passage_vectors", x => new { x.kind, x.source_id, x.model_id });
                });

            migrationBuilder.CreateTable(
                name: "restored_conversations",
                columns: table => new
                {
                    conversation_id = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    archive_id = table.Column<long>(type: "bigint", nullable: false),
                    restored_at = table.Column<long>(type: "bigint", nullable: false),
                    keep_until = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_restored_conversations", x => x.conversation_id);
                });

            migrationBuilder.CreateTable(
                name: "search_index_state",
                columns: table => new
                {
                    name = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    value = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_index_state", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "staff_users",
                columns: table => new
                {
                    id = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    user_name = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    normalized_user_name = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    display_name = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    password_hash = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    security_stamp = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    concurrency_stamp = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    roles = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    lockout_enabled = table.Column<bool>(type: "bit", nullable: false),
                    lockout_end = table.Column<long>(type: "bigint", nullable: true),
                    access_failed_count = table.Column<int>(type: "int", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "widget_sites",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    key = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    name = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    allowed_origins = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    identity_secret = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    color = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    position = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    greeting_enabled = table.Column<bool>(type: "bit", nullable: false),
                    greeting_delay_seconds = table.Column<int>(type: "int", nullable: false),
                    greeting_pages = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    enabled = table.Column<bool>(type: "bit", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_widget_sites", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "archived_conversations",
                columns: table => new
                {
                    archive_id = table.Column<long>(type: "bigint", nullable: false),
                    conversation_id = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    last_activity = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_archived_conversations", x => new { x.archive_id, x.conversation_id });
                    table.ForeignKey(
                        name: "FK_archived_conversations_archive_files_archive_id",
                        column: x => x.archive_id,
                        principalTable: "archive_files",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agent_assignments",
                columns: table => new
                {
                    conversation_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    agent = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    taken_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_assignments", x => x.conversation_id);
                    table.ForeignKey(
                        name: "FK_agent_assignments_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    conversation_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    role = table.Column<int>(type: "int", nullable: false),
                    text = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    answer_mode = table.Column<int>(type: "int", nullable: true),
                    citations = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    latency_ms = table.Column<int>(type: "int", nullable: true),
                    tokens_in = table.Column<int>(type: "int", nullable: true),
                    tokens_out = table.Column<int>(type: "int", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_messages", x => x.id);
                    table.ForeignKey(
                        name: "FK_messages_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tickets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    conversation_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    summary = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    contact = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    status = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tickets", x => x.id);
                    table.ForeignKey(
                        name: "FK_tickets_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_chunks",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    document_id = table.Column<int>(type: "int", nullable: false),
                    ordinal = table.Column<int>(type: "int", nullable: false),
                    heading = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    text = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    token_count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_chunks", x => x.id);
                    table.ForeignKey(
                        name: "FK_knowledge_chunks_knowledge_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "knowledge_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_document_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    document_id = table.Column<int>(type: "int", nullable: false),
                    version = table.Column<int>(type: "int", nullable: false),
                    title = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    content = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    category = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    language = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    content_type = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_document_versions", x => x.id);
                    table.ForeignKey(
                        name: "FK_knowledge_document_versions_knowledge_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "knowledge_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "feedback",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    conversation_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    message_id = table.Column<long>(type: "bigint", nullable: true),
                    rating = table.Column<int>(type: "int", nullable: false),
                    comment = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feedback", x => x.id);
                    table.ForeignKey(
                        name: "FK_feedback_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_feedback_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "messages",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "tool_calls",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    conversation_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    message_id = table.Column<long>(type: "bigint", nullable: true),
                    name = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    arguments = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    result = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    succeeded = table.Column<bool>(type: "bit", nullable: false),
                    error = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    duration_ms = table.Column<int>(type: "int", nullable: false),
                    caller = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tool_calls", x => x.id);
                    table.ForeignKey(
                        name: "FK_tool_calls_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_tool_calls_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "messages",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "turn_metrics",
                columns: table => new
                {
                    message_id = table.Column<long>(type: "bigint", nullable: false),
                    conversation_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    answer_mode = table.Column<int>(type: "int", nullable: false),
                    language = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    latency_ms = table.Column<int>(type: "int", nullable: false),
                    ttft_ms = table.Column<int>(type: "int", nullable: true),
                    tokens_in = table.Column<int>(type: "int", nullable: true),
                    tokens_out = table.Column<int>(type: "int", nullable: true),
                    prompt_limit = table.Column<int>(type: "int", nullable: true),
                    retrieval_hits = table.Column<int>(type: "int", nullable: false),
                    top_confidence = table.Column<double>(type: "float", nullable: true),
                    cache_lookup = table.Column<bool>(type: "bit", nullable: false),
                    cache_hit = table.Column<bool>(type: "bit", nullable: false),
                    fallback_reason = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    tool_calls = table.Column<int>(type: "int", nullable: false),
                    tool_failures = table.Column<int>(type: "int", nullable: false, defaultValue: 0),
                    guardrail_actions = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    injection_detected = table.Column<bool>(type: "bit", nullable: false, defaultValue: false),
                    handoff_reason = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    citation_check_failed = table.Column<bool>(type: "bit", nullable: false, defaultValue: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_turn_metrics", x => x.message_id);
                    table.ForeignKey(
                        name: "FK_turn_metrics_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_turn_metrics_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "messages",
                        principalColumn: "id");
                });

            migrationBuilder.InsertData(
                table: "knowledge_base_version",
                columns: new[] { "id", "version" },
                values: new object[] { 1, 1L });

            migrationBuilder.CreateIndex(
                name: "ix_agent_assignments_agent",
                table: "agent_assignments",
                column: "agent");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_hash",
                table: "api_keys",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_archive_files_day_part",
                table: "archive_files",
                columns: new[] { "day", "part" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_archive_files_file_name",
                table: "archive_files",
                column: "file_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_archived_conversations_conversation",
                table: "archived_conversations",
                column: "conversation_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_created",
                table: "conversations",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_state",
                table: "conversations",
                column: "state");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_updated",
                table: "conversations",
                column: "updated_at");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_visitor",
                table: "conversations",
                column: "visitor_id");

            migrationBuilder.CreateIndex(
                name: "ix_faq_entries_category_language",
                table: "faq_entries",
                columns: new[] { "category", "language" });

            migrationBuilder.CreateIndex(
                name: "IX_faq_entries_key",
                table: "faq_entries",
                column: "key",
                unique: true,
                filter: "[key] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_feedback_conversation",
                table: "feedback",
                column: "conversation_id");

            migrationBuilder.CreateIndex(
                name: "ix_feedback_message",
                table: "feedback",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_job",
                table: "job_runs",
                columns: new[] { "job_key", "id" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_outcome",
                table: "job_runs",
                column: "outcome",
                filter: "outcome = 'running'");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_chunks_document",
                table: "knowledge_chunks",
                columns: new[] { "document_id", "ordinal" });

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_document_versions_document_id_version",
                table: "knowledge_document_versions",
                columns: new[] { "document_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_documents_key",
                table: "knowledge_documents",
                column: "key",
                unique: true,
                filter: "[key] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_messages_conversation",
                table: "messages",
                columns: new[] { "conversation_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_users_normalized_user_name",
                table: "staff_users",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_conversation",
                table: "tickets",
                column: "conversation_id");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_status",
                table: "tickets",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tool_calls_conversation",
                table: "tool_calls",
                column: "conversation_id");

            migrationBuilder.CreateIndex(
                name: "ix_tool_calls_created",
                table: "tool_calls",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_tool_calls_message",
                table: "tool_calls",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_turn_metrics_conversation",
                table: "turn_metrics",
                column: "conversation_id");

            migrationBuilder.CreateIndex(
                name: "ix_turn_metrics_created",
                table: "turn_metrics",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_widget_sites_key",
                table: "widget_sites",
                column: "key",
                unique: true);

            // SQL Server: the triggers that keep derived rows with their sources (SQLite's and PostgreSQL's first
            // migrations have the same ones in their dialects). Not exercised on these machines (docs/database.md).
            migrationBuilder.Sql("""
                CREATE TRIGGER faq_entries_after_delete_index ON faq_entries AFTER DELETE AS
                BEGIN
                    SET NOCOUNT ON;
                    DELETE v FROM passage_vectors v JOIN deleted d ON v.kind = 0 AND v.source_id = d.id;
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER knowledge_chunks_after_delete_index ON knowledge_chunks AFTER DELETE AS
                BEGIN
                    SET NOCOUNT ON;
                    DELETE v FROM passage_vectors v JOIN deleted d ON v.kind = 1 AND v.source_id = d.id;
                END
                """);

            // Every insert, and every change of title, text, category or language, writes a document version
            // in the edit's own transaction (docs/decisions/0051).
            migrationBuilder.Sql("""
                CREATE TRIGGER tr_knowledge_documents_version ON knowledge_documents AFTER INSERT, UPDATE AS
                BEGIN
                    SET NOCOUNT ON;
                    INSERT INTO knowledge_document_versions (document_id, version, title, content, category, language, content_type, created_at)
                    SELECT i.id,
                           COALESCE((SELECT MAX(v.version) FROM knowledge_document_versions v WHERE v.document_id = i.id), 0) + 1,
                           i.title, i.content, i.category, i.language, i.content_type, i.updated_at
                    FROM inserted i LEFT JOIN deleted d ON d.id = i.id
                    WHERE d.id IS NULL OR d.title <> i.title OR d.content <> i.content OR d.category <> i.category OR d.language <> i.language;
                END
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS tr_knowledge_documents_version;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS knowledge_chunks_after_delete_index;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS faq_entries_after_delete_index;");

            migrationBuilder.DropTable(
                name: "agent_assignments");

            migrationBuilder.DropTable(
                name: "analytics_daily");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "archived_conversations");

            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "engine_settings");

            migrationBuilder.DropTable(
                name: "faq_entries");

            migrationBuilder.DropTable(
                name: "feedback");

            migrationBuilder.DropTable(
                name: "job_runs");

            migrationBuilder.DropTable(
                name: "job_schedules");

            migrationBuilder.DropTable(
                name: "job_state");

            migrationBuilder.DropTable(
                name: "knowledge_base_version");

            migrationBuilder.DropTable(
                name: "knowledge_chunks");

            migrationBuilder.DropTable(
                name: "knowledge_document_versions");

            migrationBuilder.DropTable(
                name: "passage_vectors");

            migrationBuilder.DropTable(
                name: "restored_conversations");

            migrationBuilder.DropTable(
                name: "search_index_state");

            migrationBuilder.DropTable(
                name: "staff_users");

            migrationBuilder.DropTable(
                name: "tickets");

            migrationBuilder.DropTable(
                name: "tool_calls");

            migrationBuilder.DropTable(
                name: "turn_metrics");

            migrationBuilder.DropTable(
                name: "widget_sites");

            migrationBuilder.DropTable(
                name: "archive_files");

            migrationBuilder.DropTable(
                name: "knowledge_documents");

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "conversations");
        }
    }
}
