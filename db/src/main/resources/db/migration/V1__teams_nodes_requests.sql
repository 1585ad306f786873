-- The gateway's records. One set of migrations for H2 (the default) and PostgreSQL:
-- standard types only, times as UTC timestamps, ids as text.

CREATE TABLE teams (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL UNIQUE,
    created_at  TIMESTAMP    NOT NULL
);

-- API keys are stored as the SHA-256 of the key; the prefix identifies a key in lists.
CREATE TABLE api_keys (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    team_id     VARCHAR(36)  NOT NULL REFERENCES teams (id),
    key_hash    CHAR(64)     NOT NULL UNIQUE,
    prefix      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    revoked_at  TIMESTAMP
);
CREATE INDEX api_keys_team ON api_keys (team_id);

-- Nodes registered through the admin API (the static list comes from the settings).
CREATE TABLE nodes (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    url         VARCHAR(300) NOT NULL UNIQUE,
    added_at    TIMESTAMP    NOT NULL
);

-- One row per request the gateway answered, whatever its outcome.
CREATE TABLE request_records (
    id                 VARCHAR(64)      NOT NULL PRIMARY KEY,
    team_id            VARCHAR(36),
    gateway            VARCHAR(100)     NOT NULL,
    -- what the caller tagged the request with (x-elms-campaign): a device-lab campaign, a trace
    campaign           VARCHAR(64),
    endpoint           VARCHAR(40)      NOT NULL,
    model              VARCHAR(100),
    strategy           VARCHAR(32),
    stream             BOOLEAN          NOT NULL,
    slo_ttft_ms        DOUBLE PRECISION,
    slo_tpot_ms        DOUBLE PRECISION,
    node_url           VARCHAR(300),
    attempts           INTEGER          NOT NULL,
    model_level        DOUBLE PRECISION,
    prompt_ratio       DOUBLE PRECISION,
    prompt_tokens      INTEGER,
    completion_tokens  INTEGER,
    queue_ms           DOUBLE PRECISION,
    ttft_ms            DOUBLE PRECISION,
    tpot_ms            DOUBLE PRECISION,
    e2e_ms             DOUBLE PRECISION NOT NULL,
    ttft_met           BOOLEAN,
    tpot_met           BOOLEAN,
    slo_met            BOOLEAN,
    status             VARCHAR(20)      NOT NULL,
    http_status        INTEGER          NOT NULL,
    error              VARCHAR(1000),
    created_at         TIMESTAMP        NOT NULL
);
CREATE INDEX request_records_created ON request_records (created_at);
CREATE INDEX request_records_team ON request_records (team_id, created_at);
CREATE INDEX request_records_node ON request_records (node_url, created_at);
CREATE INDEX request_records_campaign ON request_records (campaign, created_at);
