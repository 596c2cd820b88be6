/**
 * The minimal registry the data store needs: organisations and persons (which metadata refers to), the link
 * between a user and their Person, and the dataset reviewers table. Seeded from configuration.
 */
import type { Database } from '../db/database.ts';
import { transaction } from '../db/database.ts';
import { RegistrySeed, type RegistrySeed as RegistrySeedInput } from '../config.ts';
import { ItemTable, type ItemRow } from './items.ts';

/** What seeding created or found, for callers that need the ids (tests, the local store). */
export interface SeededRegistry {
  organisations: { id: string; name: string }[];
  persons: { id: string; email: string; username: string | null }[];
}

const systemOwner = 'datadesk-system';
const now = () => Math.floor(Date.now() / 1000);

/** Registry records, links and reviewers. */
export class Registry {
  private readonly database: Database;
  readonly items: ItemTable;
  private readonly handlePrefix: string;

  constructor(database: Database, handlePrefix: string) {
    this.database = database;
    this.items = new ItemTable(database);
    this.handlePrefix = handlePrefix;
  }

  /** A new handle under the configured prefix. */
  mintHandle(): string {
    return this.items.mintHandle(this.handlePrefix);
  }

  /** An organisation or person row, or null. */
  agent(id: string, subtype: 'ORGANISATION' | 'PERSON'): ItemRow | null {
    const row = this.items.get(id);
    return row && row.subtype === subtype && row.recordType === 'COMPLETE_ITEM' ? row : null;
  }

  /** Creates an organisation (or returns the one with this id or name). */
  ensureOrganisation(input: { id?: string; name: string; ror?: string }): { id: string; name: string } {
    const existing = input.id ? this.items.get(input.id) : this.findByDisplayName('ORGANISATION', input.name);
    if (existing) return { id: existing.id, name: existing.displayName };
    const id = input.id ?? this.mintHandle();
    const timestamp = now();
    const record = {
      ...recordInfo(id, 'ORGANISATION', timestamp),
      display_name: input.name,
      user_metadata: null,
      name: input.name,
      ror: input.ror ?? null,
      history: [],
    };
    this.items.put(this.agentRow(id, 'ORGANISATION', input.name, timestamp, record), {
      name: input.name,
      keywords: '',
      description: '',
      other: input.ror ?? '',
    });
    return { id, name: input.name };
  }

  /** Creates a person (or returns the one with this id or email). */
  ensurePerson(input: {
    id?: string;
    first_name: string;
    last_name: string;
    email: string;
    orcid?: string;
  }): string {
    const existing = input.id ? this.items.get(input.id) : this.findPersonByEmail(input.email);
    if (existing) return existing.id;
    const id = input.id ?? this.mintHandle();
    const timestamp = now();
    const displayName = `${input.first_name} ${input.last_name}`;
    const record = {
      ...recordInfo(id, 'PERSON', timestamp),
      display_name: displayName,
      user_metadata: null,
      email: input.email,
      first_name: input.first_name,
      last_name: input.last_name,
      orcid: input.orcid ?? null,
      ethics_approved: true,
      history: [],
    };
    this.items.put(this.agentRow(id, 'PERSON', displayName, timestamp, record), {
      name: displayName,
      keywords: '',
      description: '',
      other: [input.email, input.orcid ?? ''].join(' '),
    });
    return id;
  }

  /** Links a user to a Person (replacing any earlier link). */
  link(username: string, personId: string): void {
    this.database
      .prepare(
        'INSERT INTO user_links (username, person_id) VALUES (?, ?) ON CONFLICT (username) DO UPDATE SET person_id = excluded.person_id',
      )
      .run(username, personId);
  }

  /** The Person a user is linked to, or null. */
  linkedPerson(username: string): string | null {
    const row = this.database.prepare('SELECT person_id FROM user_links WHERE username = ?').get(username) as
      { person_id: string } | undefined;
    return row?.person_id ?? null;
  }

  /** The users linked to a Person. */
  usersLinkedTo(personId: string): string[] {
    const rows = this.database
      .prepare('SELECT username FROM user_links WHERE person_id = ?')
      .all(personId) as {
      username: string;
    }[];
    return rows.map((row) => row.username);
  }

  addReviewer(personId: string): void {
    this.database.prepare('INSERT OR IGNORE INTO reviewers (person_id) VALUES (?)').run(personId);
  }

  removeReviewer(personId: string): void {
    this.database.prepare('DELETE FROM reviewers WHERE person_id = ?').run(personId);
  }

  reviewers(): string[] {
    const rows = this.database.prepare('SELECT person_id FROM reviewers ORDER BY person_id').all() as {
      person_id: string;
    }[];
    return rows.map((row) => row.person_id);
  }

  isReviewer(personId: string): boolean {
    return this.database.prepare('SELECT 1 FROM reviewers WHERE person_id = ?').get(personId) !== undefined;
  }

  /** Applies a seed in one transaction; running it again changes nothing. */
  seed(input: RegistrySeedInput): SeededRegistry {
    const seed = RegistrySeed.parse(input);
    return transaction(this.database, () => {
      const organisations = seed.organisations.map((organisation) => this.ensureOrganisation(organisation));
      const persons = seed.persons.map((person) => {
        const id = this.ensurePerson(person);
        if (person.username) this.link(person.username, id);
        if (person.reviewer) this.addReviewer(id);
        return { id, email: person.email, username: person.username ?? null };
      });
      for (const link of seed.links) this.link(link.username, link.person_id);
      for (const reviewer of seed.reviewers) this.addReviewer(reviewer);
      return { organisations, persons };
    });
  }

  /** True when the registry holds at least one organisation. */
  hasOrganisations(): boolean {
    return (
      this.database.prepare("SELECT 1 FROM items WHERE subtype = 'ORGANISATION' LIMIT 1").get() !== undefined
    );
  }

  private findByDisplayName(subtype: string, name: string): ItemRow | null {
    const row = this.database
      .prepare('SELECT id FROM items WHERE subtype = ? AND display_name = ?')
      .get(subtype, name) as { id: string } | undefined;
    return row ? this.items.get(row.id) : null;
  }

  private findPersonByEmail(email: string): ItemRow | null {
    const row = this.database
      .prepare("SELECT id FROM items WHERE subtype = 'PERSON' AND json_extract(record, '$.email') = ?")
      .get(email) as { id: string } | undefined;
    return row ? this.items.get(row.id) : null;
  }

  private agentRow(
    id: string,
    subtype: string,
    displayName: string,
    timestamp: number,
    record: Record<string, unknown>,
  ): ItemRow {
    return {
      id,
      subtype,
      recordType: 'COMPLETE_ITEM',
      ownerUsername: systemOwner,
      createdTimestamp: timestamp,
      updatedTimestamp: timestamp,
      displayName,
      accessInfoUri: null,
      locked: false,
      generalRoles: ['metadata-read'],
      record,
    };
  }
}

function recordInfo(id: string, subtype: string, timestamp: number) {
  return {
    id,
    owner_username: systemOwner,
    created_timestamp: timestamp,
    updated_timestamp: timestamp,
    item_category: 'AGENT',
    item_subtype: subtype,
    record_type: 'COMPLETE_ITEM',
    workflow_links: null,
    versioning_info: null,
  };
}
