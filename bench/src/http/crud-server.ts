import 'reflect-metadata';
import { Body, Controller, ForbiddenException, HttpCode, Module, Param, Post, Req } from '@nestjs/common';
import { APP_PIPE, NestFactory } from '@nestjs/core';
import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NextFunction, Request, Response } from 'express';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { createValidationPipe } from '../../../apps/api/src/http/validation';
import { SubmitDto } from '../../../apps/api/src/submissions/submissions.dto';

/**
 * The CRUD peer of the write benchmark: a plain NestJS 12 application doing what a submission
 * asks of a CRUD app, on the same route with the same DTO class, the same validation pipe and the
 * same bearer tokens: the session is looked up by its token's SHA-256 in SQLite, the task's
 * current owner is checked against the caller, and the submission is one INSERT in one
 * transaction, WAL with synchronous=FULL (an fsync per commit, as our event store). What it does
 * not do is ours: the plan's rules, the revision check, idempotency, the hash chain and the wait
 * for the read models.
 *
 * argv: driver (`better-sqlite3` | `typeorm`), database file, seed JSON
 * `{ userId, token, taskIds }`.
 */
const [driver, file, seedFile] = process.argv.slice(2);
const seed = JSON.parse(readFileSync(seedFile, 'utf8')) as {
  userId: string;
  token: string;
  taskIds: string[];
};
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

@Entity({ name: 'sessions' })
class SessionRow {
  @PrimaryColumn('text') token_hash!: string;
  @Column('text') user_id!: string;
  @Column('integer') expires_at!: number;
}

@Entity({ name: 'tasks' })
class TaskRow {
  @PrimaryColumn('text') task_id!: string;
  @Column('text') owner_id!: string;
}

@Entity({ name: 'submissions' })
class SubmissionRow {
  @PrimaryColumn('text') submission_id!: string;
  @Column('text') task_id!: string;
  @Column('text') submitted_by!: string;
  @Column('text') completion!: string;
  @Column('text') effective_date!: string;
  @Column('text') narrative!: string;
  @Column('text') evidence_ids!: string;
  @Column('text') created_at!: string;
}

/** The three things a request needs from storage. */
interface Storage {
  userOf(tokenHash: string): Promise<string | undefined>;
  ownerOf(taskId: string): Promise<string | undefined>;
  insert(row: SubmissionRow): Promise<void>;
}

function rawStorage(): Storage {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS tasks (task_id TEXT PRIMARY KEY, owner_id TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS submissions (submission_id TEXT PRIMARY KEY, task_id TEXT NOT NULL,
      submitted_by TEXT NOT NULL, completion TEXT NOT NULL, effective_date TEXT NOT NULL, narrative TEXT NOT NULL,
      evidence_ids TEXT NOT NULL, created_at TEXT NOT NULL);
  `);
  const session = db.prepare<[string, number], { user_id: string }>(
    'SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?',
  );
  const task = db.prepare<[string], { owner_id: string }>('SELECT owner_id FROM tasks WHERE task_id = ?');
  const insert = db.prepare<SubmissionRow>(
    `INSERT INTO submissions (submission_id, task_id, submitted_by, completion, effective_date, narrative,
       evidence_ids, created_at) VALUES (@submission_id, @task_id, @submitted_by, @completion, @effective_date,
       @narrative, @evidence_ids, @created_at)`,
  );
  const seedAll = db.transaction(() => {
    db.prepare('INSERT OR REPLACE INTO sessions VALUES (?, ?, ?)').run(
      tokenHash(seed.token),
      seed.userId,
      Date.now() + 86_400_000,
    );
    for (const id of seed.taskIds)
      db.prepare('INSERT OR REPLACE INTO tasks VALUES (?, ?)').run(id, seed.userId);
  });
  seedAll();
  const write = db.transaction((row: SubmissionRow) => insert.run(row));
  return {
    userOf: (hash) => Promise.resolve(session.get(hash, Date.now())?.user_id),
    ownerOf: (id) => Promise.resolve(task.get(id)?.owner_id),
    insert: (row) => {
      write.immediate(row);
      return Promise.resolve();
    },
  };
}

async function typeormStorage(): Promise<Storage> {
  const source = new DataSource({
    type: 'better-sqlite3',
    database: file,
    entities: [SessionRow, TaskRow, SubmissionRow],
    synchronize: true,
    enableWAL: true,
    prepareDatabase: (db: Database.Database) => {
      db.pragma('synchronous = FULL');
    },
  });
  await source.initialize();
  await source.getRepository(SessionRow).save({
    token_hash: tokenHash(seed.token),
    user_id: seed.userId,
    expires_at: Date.now() + 86_400_000,
  });
  await source
    .getRepository(TaskRow)
    .save(seed.taskIds.map((task_id) => ({ task_id, owner_id: seed.userId })));
  const sessions = source.getRepository(SessionRow);
  const tasks = source.getRepository(TaskRow);
  return {
    userOf: async (hash) => {
      const row = await sessions.findOneBy({ token_hash: hash });
      return row && row.expires_at > Date.now() ? row.user_id : undefined;
    },
    ownerOf: async (id) => (await tasks.findOneBy({ task_id: id }))?.owner_id,
    insert: (row) => source.transaction(async (manager) => void (await manager.insert(SubmissionRow, row))),
  };
}

let storage: Storage;

@Controller('api')
class CrudController {
  @Post('tasks/:taskId/submissions')
  @HttpCode(201)
  async submit(
    @Req() req: Request & { userId?: string },
    @Param('taskId') taskId: string,
    @Body() dto: SubmitDto,
  ): Promise<unknown> {
    // The caller's current right to the target, read at the time of the write.
    if ((await storage.ownerOf(taskId)) !== req.userId) throw new ForbiddenException();
    const row: SubmissionRow = {
      submission_id: randomUUID(),
      task_id: taskId,
      submitted_by: req.userId!,
      completion: dto.completion,
      effective_date: dto.effectiveDate,
      narrative: dto.narrative,
      evidence_ids: JSON.stringify(dto.evidenceIds),
      created_at: new Date().toISOString(),
    };
    await storage.insert(row);
    return { submissionId: row.submission_id, taskId, status: 'submitted', createdAt: row.created_at };
  }
}

@Module({
  controllers: [CrudController],
  providers: [{ provide: APP_PIPE, useFactory: createValidationPipe }],
})
class CrudModule {}

async function main(): Promise<void> {
  storage = driver === 'typeorm' ? await typeormStorage() : rawStorage();
  const app = await NestFactory.create(CrudModule, { logger: ['error'] });
  app.use(async (req: Request & { userId?: string }, res: Response, next: NextFunction) => {
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(req.header('authorization') ?? '');
    const userId = match ? await storage.userOf(tokenHash(match[1])) : undefined;
    if (!userId) {
      res.status(401).json({ status: 401 });
      return;
    }
    req.userId = userId;
    next();
  });
  await app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
  process.stdout.write(`crud ${driver} listening\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
