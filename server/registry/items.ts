/**
 * The items table: every registry record (datasets, organisations, persons) as the JSON the API returns, plus
 * the columns lists sort on, the access settings and the lock. Also keeps the search index in step.
 */
import type { Database } from '../db/database.ts';

/** One row of the items table. */
export interface ItemRow {
  id: string;
  subtype: string;
  recordType: 'SEED_ITEM' | 'COMPLETE_ITEM';
  ownerUsername: string;
  createdTimestamp: number;
  updatedTimestamp: number;
  displayName: string;
  accessInfoUri: string | null;
  locked: boolean;
  generalRoles: string[];
  record: Record<string, unknown>;
}

/** What the search index holds for one item. */
export interface SearchText {
  name: string;
  keywords: string;
  description: string;
  other: string;
}

interface RawRow {
  id: string;
  subtype: string;
  record_type: 'SEED_ITEM' | 'COMPLETE_ITEM';
  owner_username: string;
  created_timestamp: number;
  updated_timestamp: number;
  display_name: string;
  access_info_uri: string | null;
  locked: number;
  general_roles: string;
  record: string;
}

/** Converts a raw SQLite row. */
export function toItemRow(raw: RawRow): ItemRow {
  return {
    id: raw.id,
    subtype: raw.subtype,
    recordType: raw.record_type,
    ownerUsername: raw.owner_username,
    createdTimestamp: raw.created_timestamp,
    updatedTimestamp: raw.updated_timestamp,
    displayName: raw.display_name,
    accessInfoUri: raw.access_info_uri,
    locked: raw.locked === 1,
    generalRoles: JSON.parse(raw.general_roles) as string[],
    record: JSON.parse(raw.record) as Record<string, unknown>,
  };
}

/** Typed access to the items table. Every writer here runs inside the caller's `transaction`. */
export class ItemTable {
  private readonly database: Database;

  constructor(database: Database) {
    this.database = database;
  }

  /** The next handle under `prefix`: `<prefix>/<n>`, counting up from 1000001 and never reused. */
  mintHandle(prefix: string): string {
    const row = this.database.prepare("SELECT value FROM settings WHERE key = 'next_handle'").get() as
      { value: string } | undefined;
    // Seven digits like Provena's handles; equal widths also keep string order equal to mint order.
    let next = row ? Number(row.value) : 1_000_001;
    // A seeded item may already use a number; skip past any handle that exists.
    while (this.get(`${prefix}/${next}`)) next++;
    this.database
      .prepare(
        "INSERT INTO settings (key, value) VALUES ('next_handle', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(String(next + 1));
    return `${prefix}/${next}`;
  }

  get(id: string): ItemRow | null {
    const raw = this.database.prepare('SELECT * FROM items WHERE id = ?').get(id) as RawRow | undefined;
    return raw ? toItemRow(raw) : null;
  }

  /** Inserts or replaces a row (and its search entry). */
  put(row: ItemRow, search: SearchText | null): void {
    this.database
      .prepare(
        `INSERT INTO items (id, subtype, record_type, owner_username, created_timestamp, updated_timestamp,
           display_name, access_info_uri, locked, general_roles, record)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET subtype = excluded.subtype, record_type = excluded.record_type,
           owner_username = excluded.owner_username, created_timestamp = excluded.created_timestamp,
           updated_timestamp = excluded.updated_timestamp, display_name = excluded.display_name,
           access_info_uri = excluded.access_info_uri, locked = excluded.locked,
           general_roles = excluded.general_roles, record = excluded.record`,
      )
      .run(
        row.id,
        row.subtype,
        row.recordType,
        row.ownerUsername,
        row.createdTimestamp,
        row.updatedTimestamp,
        row.displayName,
        row.accessInfoUri,
        row.locked ? 1 : 0,
        JSON.stringify(row.generalRoles),
        JSON.stringify(row.record),
      );
    this.database.prepare('DELETE FROM search_index WHERE id = ?').run(row.id);
    if (search) {
      this.database
        .prepare(
          'INSERT INTO search_index (id, subtype, handle, name, keywords, description, other) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(row.id, row.subtype, row.id, search.name, search.keywords, search.description, search.other);
    }
  }

  setLocked(id: string, locked: boolean): void {
    this.database.prepare('UPDATE items SET locked = ? WHERE id = ?').run(locked ? 1 : 0, id);
  }

  setGeneralRoles(id: string, roles: string[]): void {
    this.database.prepare('UPDATE items SET general_roles = ? WHERE id = ?').run(JSON.stringify(roles), id);
  }

  /** Roles granted to one user on one item (beyond owner and general access). */
  grantsFor(id: string, username: string): string[] {
    const row = this.database
      .prepare('SELECT roles FROM item_grants WHERE item_id = ? AND username = ?')
      .get(id, username) as { roles: string } | undefined;
    return row ? (JSON.parse(row.roles) as string[]) : [];
  }

  /** Every per-user grant on an item. */
  allGrants(id: string): Record<string, string[]> {
    const rows = this.database
      .prepare('SELECT username, roles FROM item_grants WHERE item_id = ?')
      .all(id) as {
      username: string;
      roles: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.username, JSON.parse(row.roles) as string[]]));
  }

  /** Replaces every per-user grant on an item. */
  replaceGrants(id: string, grants: Record<string, string[]>): void {
    this.database.prepare('DELETE FROM item_grants WHERE item_id = ?').run(id);
    const insert = this.database.prepare(
      'INSERT INTO item_grants (item_id, username, roles) VALUES (?, ?, ?)',
    );
    for (const [username, roles] of Object.entries(grants)) insert.run(id, username, JSON.stringify(roles));
  }
}
