-- Background jobs (docs/decisions/0060): the schedules and the run history are ours, not
-- Quartz's. Quartz keeps its triggers in memory and they are rebuilt from job_schedules at every
-- start, so these rows are the one source of truth.

-- One row per job: its cron (Quartz syntax, seconds first, UTC) and whether it is paused. A row is
-- created with the job's default schedule the first time the job is seen.
CREATE TABLE job_schedules (
    job_key    TEXT PRIMARY KEY,
    cron       TEXT NOT NULL,
    paused     INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per run, written when it starts ('running') and again when it ends. A 'running' row
-- found at start-up belonged to a process that died: it becomes 'interrupted'.
CREATE TABLE job_runs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    job_key        TEXT NOT NULL,
    trigger_kind   TEXT NOT NULL,               -- 'scheduled', 'manual', 'catch-up' (a run missed while the app was down)
    requested_by   TEXT,                        -- who pressed "run now"
    started_at     INTEGER NOT NULL,
    finished_at    INTEGER,
    duration_ms    INTEGER,
    outcome        TEXT NOT NULL,               -- 'running', 'ok', 'failed', 'cancelled', 'interrupted'
    summary        TEXT,
    error          TEXT,
    progress_done  INTEGER,
    progress_total INTEGER,
    progress_stage TEXT
);

CREATE INDEX ix_job_runs_job ON job_runs (job_key, id DESC);
CREATE INDEX ix_job_runs_outcome ON job_runs (outcome) WHERE outcome = 'running';

-- Checkpoints that let a job killed half-way continue where it stopped (re-embedding's target
-- vector space, for one).
CREATE TABLE job_state (
    job_key    TEXT NOT NULL,
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (job_key, name)
) WITHOUT ROWID;

-- Analytics roll-ups: the additive figures of one calendar day (AnalyticsService.ComputeDaysAsync),
-- per time zone (another zone cuts other days), as JSON. The dashboard reads these and computes
-- only the days that are missing or not over yet.
CREATE TABLE analytics_daily (
    day         TEXT NOT NULL,                  -- yyyy-MM-dd
    time_zone   TEXT NOT NULL,
    figures     TEXT NOT NULL,
    computed_at INTEGER NOT NULL,
    PRIMARY KEY (day, time_zone)
) WITHOUT ROWID;
