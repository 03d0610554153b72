/**
 * The embedded response store: bun:sqlite, in memory unless a file is named.
 * Bounded twice: records expire after `ttlMs` (OpenAI keeps responses 30
 * days), and when the stored bytes pass `maxBytes` the oldest go first.
 */
import { Database } from 'bun:sqlite'
import { itemOf, type ResponseStore, type StoredResponse } from './response-store.ts'

export interface SqliteStoreOptions {
  /** A file path, or `:memory:`. */
  path: string
  ttlMs: number
  maxBytes: number
  now?: () => number
}

export function createSqliteResponseStore({ path, ttlMs, maxBytes, now = Date.now }: SqliteStoreOptions): ResponseStore {
  const db = new Database(path, { create: true })
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA foreign_keys = ON')
  db.exec(`CREATE TABLE IF NOT EXISTS responses (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, size INTEGER NOT NULL, body TEXT NOT NULL)`)
  db.exec('CREATE INDEX IF NOT EXISTS responses_expiry ON responses (expires_at)')
  db.exec('CREATE INDEX IF NOT EXISTS responses_age ON responses (created_at)')
  // Which response holds an item: `item_reference` names items, not responses.
  db.exec(`CREATE TABLE IF NOT EXISTS items (
    item_id TEXT NOT NULL, owner TEXT NOT NULL, response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE, PRIMARY KEY (item_id, owner))`)
  db.exec('CREATE INDEX IF NOT EXISTS items_response ON items (response_id)')
  const select = db.query<{ body: string }, [string, string, number]>('SELECT body FROM responses WHERE id = ? AND owner = ? AND expires_at > ?')
  const insert = db.query('INSERT OR REPLACE INTO responses (id, owner, created_at, expires_at, size, body) VALUES (?, ?, ?, ?, ?, ?)')
  const remove = db.query('DELETE FROM responses WHERE id = ? AND owner = ?')
  const expire = db.query('DELETE FROM responses WHERE expires_at <= ?')
  const total = db.query<{ bytes: number | null }, []>('SELECT SUM(size) AS bytes FROM responses')
  const oldest = db.query('DELETE FROM responses WHERE id IN (SELECT id FROM responses ORDER BY created_at LIMIT ?)')
  const indexItem = db.query('INSERT OR REPLACE INTO items (item_id, owner, response_id) VALUES (?, ?, ?)')
  const holder = db.query<{ body: string }, [string, string, number]>(
    'SELECT r.body FROM items i JOIN responses r ON r.id = i.response_id WHERE i.item_id = ? AND i.owner = ? AND r.expires_at > ?')
  const write = db.transaction((record: StoredResponse, owner: string, body: string, at: number) => {
    insert.run(record.id, owner, at, at + ttlMs, body.length, body)
    for (const item of [...record.input, ...record.response.output]) if (item.id) indexItem.run(item.id, owner, record.id)
  })

  return {
    async get(id, owner) {
      const row = select.get(id, owner, now())
      return row ? (JSON.parse(row.body) as StoredResponse) : undefined
    },
    async put(record, owner) {
      const body = JSON.stringify(record)
      const at = now()
      write(record, owner, body, at)
      expire.run(at)
      // Evict the oldest until the store fits, a few at a time.
      while ((total.get()?.bytes ?? 0) > maxBytes) oldest.run(8)
    },
    async delete(id, owner) {
      return remove.run(id, owner).changes > 0
    },
    async findItem(itemId, owner) {
      const row = holder.get(itemId, owner, now())
      return row ? itemOf(JSON.parse(row.body) as StoredResponse, itemId) : undefined
    },
  }
}
