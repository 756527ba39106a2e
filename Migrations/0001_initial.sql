-- The first schema of the mirror: server state, local view, journal, outbox, sync state.
--
-- Every entity table is keyed by (org, id) with Sentry's ids as text, so that
-- several organizations can live in one database. `json` holds the object as
-- Sentry sent it, in canonical text (sorted keys); the typed columns beside it
-- are what people filter on.

-- Server state: what Sentry last said. `version` grows by one each time the
-- row's content changes; `first_seen_at` is the server time at which the row
-- was first seen in its current form, `confirmed_at` the last time a listing
-- confirmed it; `listing` is the generation of the last listing that saw it.

CREATE TABLE server_teams (
    org TEXT NOT NULL,
    id TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    date_created TEXT,
    member_count INTEGER,
    json TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    first_seen_at TEXT NOT NULL,
    confirmed_at TEXT NOT NULL,
    listing INTEGER NOT NULL,
    PRIMARY KEY (org, id)
) WITHOUT ROWID;

CREATE TABLE server_members (
    org TEXT NOT NULL,
    id TEXT NOT NULL,
    email TEXT NOT NULL,
    name TEXT,
    role TEXT NOT NULL,
    pending INTEGER NOT NULL,
    expired INTEGER NOT NULL,
    user_id TEXT,
    invite_status TEXT,
    date_created TEXT,
    json TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    first_seen_at TEXT NOT NULL,
    confirmed_at TEXT NOT NULL,
    listing INTEGER NOT NULL,
    PRIMARY KEY (org, id)
) WITHOUT ROWID;

CREATE TABLE server_projects (
    org TEXT NOT NULL,
    id TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    platform TEXT,
    date_created TEXT,
    json TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    first_seen_at TEXT NOT NULL,
    confirmed_at TEXT NOT NULL,
    listing INTEGER NOT NULL,
    PRIMARY KEY (org, id)
) WITHOUT ROWID;

-- Links: a member on a team (from each team's member list) and a project
-- owned by a team (from the project's `teams`).
CREATE TABLE server_team_members (
    org TEXT NOT NULL,
    team_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    team_role TEXT,
    listing INTEGER NOT NULL,
    PRIMARY KEY (org, team_id, member_id)
) WITHOUT ROWID;
CREATE INDEX server_team_members_member ON server_team_members (org, member_id);

CREATE TABLE server_project_teams (
    org TEXT NOT NULL,
    project_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    PRIMARY KEY (org, project_id, team_id)
) WITHOUT ROWID;
CREATE INDEX server_project_teams_team ON server_project_teams (org, team_id);

-- Local view: server state with the pending mutations applied in order.
-- These are the tables people query. Rows created locally and not yet
-- confirmed by Sentry carry an id of the form `local:<outbox id>`.

CREATE TABLE teams (
    org TEXT NOT NULL,
    id TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    date_created TEXT,
    member_count INTEGER,
    json TEXT NOT NULL,
    PRIMARY KEY (org, id)
) WITHOUT ROWID;
CREATE INDEX teams_slug ON teams (org, slug);

CREATE TABLE members (
    org TEXT NOT NULL,
    id TEXT NOT NULL,
    email TEXT NOT NULL,
    name TEXT,
    role TEXT NOT NULL,
    pending INTEGER NOT NULL,
    expired INTEGER NOT NULL,
    user_id TEXT,
    invite_status TEXT,
    date_created TEXT,
    json TEXT NOT NULL,
    PRIMARY KEY (org, id)
) WITHOUT ROWID;
CREATE INDEX members_email ON members (org, email);

CREATE TABLE projects (
    org TEXT NOT NULL,
    id TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    platform TEXT,
    date_created TEXT,
    json TEXT NOT NULL,
    PRIMARY KEY (org, id)
) WITHOUT ROWID;
CREATE INDEX projects_slug ON projects (org, slug);

CREATE TABLE team_members (
    org TEXT NOT NULL,
    team_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    team_role TEXT,
    PRIMARY KEY (org, team_id, member_id)
) WITHOUT ROWID;
CREATE INDEX team_members_member ON team_members (org, member_id);

CREATE TABLE project_teams (
    org TEXT NOT NULL,
    project_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    PRIMARY KEY (org, project_id, team_id)
) WITHOUT ROWID;
CREATE INDEX project_teams_team ON project_teams (org, team_id);

-- Journal: one row per change of the local view. `seq` only grows (AUTOINCREMENT
-- never reuses a number). `changes` is a JSON object: for an insert the new
-- object, for an update {"field": {"old": ..., "new": ...}} per changed field,
-- for a delete the old object.
CREATE TABLE journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    org TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('remote', 'local')),
    entity TEXT NOT NULL CHECK (entity IN ('teams', 'members', 'projects', 'team_members', 'project_teams')),
    entity_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    changes TEXT NOT NULL,
    server_time TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX journal_entity ON journal (org, entity, seq);

-- Outbox: pending mutations, replayed oldest first by `push`.
-- `made_at` is the server-clock time the mutation was made; `base_version` the
-- version of the server row it was made against (NULL for creates).
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity TEXT NOT NULL,
    target_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    made_at TEXT NOT NULL,
    base_version INTEGER,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    result TEXT
);
CREATE INDEX outbox_target ON outbox (org, entity, target_id, state);

-- Sync state per organization and resource (teams, members, projects,
-- team_members:<team id>): the listing generation in progress or last
-- completed, and the server times at which it started and completed.
CREATE TABLE sync_state (
    org TEXT NOT NULL,
    resource TEXT NOT NULL,
    listing INTEGER NOT NULL DEFAULT 0,
    started_at TEXT,
    completed_at TEXT,
    completed_listing INTEGER NOT NULL DEFAULT 0,
    rows INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org, resource)
) WITHOUT ROWID;

-- The client's estimate of (server clock - local clock), per organization.
CREATE TABLE clock (
    org TEXT PRIMARY KEY,
    offset_seconds REAL NOT NULL,
    measured_at TEXT NOT NULL
) WITHOUT ROWID;
