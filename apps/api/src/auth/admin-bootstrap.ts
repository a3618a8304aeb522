import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ChangeUser, EVENT_STORE, RegisterUser, stepOf, type CommandContext } from '@sg/application';
import type { AppConfig } from '@sg/config';
import { DomainError } from '@sg/domain';
import { uuidv7, type EventStore } from '@sg/event-store';
import { ProjectionRunner, UserQueries } from '@sg/read-models';
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { APP_CONFIG } from '../infrastructure/config.provider';
import { AuthService } from './auth.service';
import { DemoLoader } from '../demo/demo-loader';

/**
 * On first start, creates the first project-office administrator through the same commands a
 * user would use. There is no default password. It comes from ADMIN_PASSWORD (the operator chose
 * it and keeps it: no change forced), or is generated: written once to
 * `DATA_DIR/initial-admin-password` (0600, owner only), never to the log, and to be changed at
 * first sign-in; the file is removed when it is.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Setup');
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly users: UserQueries,
    private readonly projections: ProjectionRunner,
    private readonly commands: CommandBus,
    private readonly auth: AuthService,
    private readonly demo: DemoLoader,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const head = await this.store.headPosition();
    // A projection rebuilt from zero at start (a new version) may take minutes on a large log: only
    // two minutes without progress fail the start.
    const caughtUp = await this.projections.waitWhileMoving(head, 120_000, (reached) =>
      this.logger.log(`read models at position ${reached} of ${head}`),
    );
    if (!caughtUp) {
      throw new Error('Read models did not catch up with the event log: no progress for 120 s');
    }
    const { adminUsername: username } = this.config.auth;
    const context = (): CommandContext => ({
      actor: 'system',
      correlationId: uuidv7(),
      now: new Date(),
      reason: '首次启动，创建项目办管理员',
      // Derived ids: a start that dies half-way is completed, not duplicated, by the next one.
      idempotencyKey: `bootstrap-admin:${username}`,
    });
    let admin = this.users.byUsername(username);
    if (!admin) {
      const created = await this.commands.execute(
        new RegisterUser({ username, displayName: '项目办管理员' }, stepOf(context(), 'register')),
      );
      const granted = await this.commands.execute(
        new ChangeUser(
          created.id,
          { type: 'GrantRole', role: 'office', scope: '*' },
          stepOf(context(), 'grant'),
        ),
      );
      await this.projections.waitFor(granted.position, 10_000);
      admin = this.users.byUsername(username)!;
    }
    if (!this.auth.hasPassword(admin.userId)) await this.setFirstPassword(admin.userId, username);
    if (this.config.demoPlan) await this.demo.loadIfAbsent();
  }

  private async setFirstPassword(userId: string, username: string): Promise<void> {
    const { adminPassword, initialPasswordFile } = this.config.auth;
    if (adminPassword) {
      try {
        await this.auth.setPassword(userId, username, adminPassword);
      } catch (error) {
        if (error instanceof DomainError)
          throw new Error(`ADMIN_PASSWORD 不符合密码规则：${error.userMessage}`, { cause: error });
        throw error;
      }
      this.logger.log(`已创建管理员账号 ${username}（密码取自 ADMIN_PASSWORD）`);
      return;
    }
    const password = randomBytes(18).toString('base64url');
    // Written before the hash is stored: a start that dies in between generates a new one next time.
    writeOwnerOnly(initialPasswordFile, `${password}\n`);
    await this.auth.setPassword(userId, username, password, { mustChange: true });
    process.stdout.write(
      `\n  初始管理员账号：${username}\n  初始密码已写入：${initialPasswordFile}（仅本机该文件的所有者可读）\n  首次登录后须修改密码，修改后该文件自动删除。\n\n`,
    );
  }
}

/** Replaces `file` with `content`, readable and writable by its owner only (0600), atomically. */
function writeOwnerOnly(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
  renameSync(temporary, file);
}
