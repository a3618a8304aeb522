import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { preparePrivateSqliteFile } from '@sg/event-store';

export interface Session {
  userId: string;
  expiresAt: number;
  /** The user's password was chosen by someone else: only changing it is allowed until then. */
  mustChangePassword: boolean;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Secrets, kept out of the event log: password hashes and session tokens (stored only as SHA-256
 * of 256 random bits). The log records that a password changed, never the hash.
 */
export class AuthStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(file: string) {
    this.db = new Database(preparePrivateSqliteFile(file));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS credentials (user_id TEXT PRIMARY KEY, hash TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS sessions (
        token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);
      CREATE TABLE IF NOT EXISTS auth_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
      INSERT OR IGNORE INTO auth_version (id, version) VALUES (1, 0);
    `);
    const columns = this.db.prepare<[], { name: string }>('PRAGMA table_info(credentials)').all();
    // Added after the first release: a password someone else chose, to be replaced at first sign-in.
    if (!columns.some((c) => c.name === 'must_change'))
      this.db.exec('ALTER TABLE credentials ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0');
    this.statements = {
      setPassword: this.db.prepare<[string, string, number, number]>(
        `INSERT INTO credentials (user_id, hash, updated_at, must_change) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET
           hash = excluded.hash, updated_at = excluded.updated_at, must_change = excluded.must_change`,
      ),
      mustChange: this.db.prepare<[string], { must_change: number }>(
        'SELECT must_change FROM credentials WHERE user_id = ?',
      ),
      passwordHash: this.db.prepare<[string], { hash: string }>(
        'SELECT hash FROM credentials WHERE user_id = ?',
      ),
      createSession: this.db.prepare<[string, string, number, number]>(
        'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ),
      // Read on every request: the session and its user's credential flag in one statement.
      findSession: this.db.prepare<
        [string, number],
        { user_id: string; expires_at: number; must_change: number | null }
      >(
        `SELECT s.user_id, s.expires_at, c.must_change FROM sessions s
         LEFT JOIN credentials c ON c.user_id = s.user_id
         WHERE s.token_hash = ? AND s.expires_at > ?`,
      ),
      deleteSession: this.db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?'),
      deleteSessionsOf: this.db.prepare<[string]>('DELETE FROM sessions WHERE user_id = ?'),
      deleteExpired: this.db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?'),
      version: this.db.prepare<[], number>('SELECT version FROM auth_version WHERE id = 1').pluck(),
      bump: this.db.prepare('UPDATE auth_version SET version = version + 1 WHERE id = 1'),
    };
  }

  /** A change that ends sessions or alters what a session may do: it commits with a new version. */
  private revoke(change: () => void): void {
    this.db.transaction(() => {
      change();
      this.statements.bump.run();
    })();
  }

  /**
   * Moves (in the same transaction) with every ended session and every password change, in any
   * process sharing this file: what was read from the store before is still true while it stands.
   */
  version(): number {
    return this.statements.version.get() as number;
  }

  setPassword(userId: string, hash: string, mustChange = false): void {
    this.revoke(() => this.statements.setPassword.run(userId, hash, Date.now(), mustChange ? 1 : 0));
  }

  /** The password was chosen by someone else (generated at first start): the user must replace it. */
  mustChangePassword(userId: string): boolean {
    return this.statements.mustChange.get(userId)?.must_change === 1;
  }

  passwordHash(userId: string): string | undefined {
    return this.statements.passwordHash.get(userId)?.hash;
  }

  /** A new opaque token: 256 random bits, base64url. Only its hash is stored. */
  createSession(userId: string, ttlMs: number): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    this.statements.deleteExpired.run(now);
    this.statements.createSession.run(tokenHash(token), userId, now, now + ttlMs);
    return { token, expiresAt: now + ttlMs };
  }

  findSession(token: string): Session | undefined {
    const row = this.statements.findSession.get(tokenHash(token), Date.now());
    return (
      row && { userId: row.user_id, expiresAt: row.expires_at, mustChangePassword: row.must_change === 1 }
    );
  }

  endSession(token: string): void {
    this.revoke(() => this.statements.deleteSession.run(tokenHash(token)));
  }

  endSessionsOf(userId: string): void {
    this.revoke(() => this.statements.deleteSessionsOf.run(userId));
  }

  close(): void {
    this.db.close();
  }
}
