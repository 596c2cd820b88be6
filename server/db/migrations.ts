/** Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Never edit a shipped one. */
export const migrations: readonly string[] = [
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  -- Every registry record (datasets, organisations, persons) keyed by handle. The record itself is JSON in
  -- the shape the API returns; the columns beside it are what lists sort and filter on.
  CREATE TABLE items (
    id TEXT PRIMARY KEY,
    subtype TEXT NOT NULL,
    record_type TEXT NOT NULL CHECK (record_type IN ('SEED_ITEM', 'COMPLETE_ITEM')),
    owner_username TEXT NOT NULL,
    created_timestamp INTEGER NOT NULL,
    updated_timestamp INTEGER NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    access_info_uri TEXT,
    locked INTEGER NOT NULL DEFAULT 0,
    general_roles TEXT NOT NULL DEFAULT '[]',
    record TEXT NOT NULL
  );
  CREATE INDEX items_by_updated ON items (subtype, updated_timestamp, id);
  CREATE INDEX items_by_created ON items (subtype, created_timestamp, id);
  CREATE INDEX items_by_name ON items (subtype, display_name, id);
  CREATE INDEX items_by_uri ON items (subtype, access_info_uri, id);

  -- Item roles granted to one user on one item, beyond the owner's and the general ones.
  CREATE TABLE item_grants (
    item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    username TEXT NOT NULL,
    roles TEXT NOT NULL,
    PRIMARY KEY (item_id, username)
  );

  -- The Auth API's link service: which registry Person a user is.
  CREATE TABLE user_links (username TEXT PRIMARY KEY, person_id TEXT NOT NULL);

  -- The dataset reviewers table (Person ids).
  CREATE TABLE reviewers (person_id TEXT PRIMARY KEY);

  -- Async jobs. Their status follows from the clock: hidden until visible_at, PENDING until started_at,
  -- IN_PROGRESS until finished_at, then SUCCEEDED.
  CREATE TABLE jobs (
    session_id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    batch_id TEXT,
    created_timestamp INTEGER NOT NULL,
    job_type TEXT NOT NULL,
    job_sub_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    result TEXT,
    visible_at INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER NOT NULL
  );
  CREATE INDEX jobs_by_user ON jobs (username, created_timestamp, session_id);
  CREATE INDEX jobs_by_batch ON jobs (batch_id, created_timestamp, session_id);

  -- Full-text index of what search matches on.
  CREATE VIRTUAL TABLE search_index USING fts5 (
    id UNINDEXED, subtype UNINDEXED, handle, name, keywords, description, other, tokenize = 'unicode61'
  );
  `,
];
