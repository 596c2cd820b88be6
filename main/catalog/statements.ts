/** Prepared statements cached per connection: the catalog runs the same few statements thousands of times. */
import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** Returns `sql` prepared once for this connection. */
export type Prepare = (sql: string) => StatementSync;

/** A statement cache for one connection. */
export function statementCache(database: DatabaseSync): Prepare {
  const cache = new Map<string, StatementSync>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
