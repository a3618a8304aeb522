import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@sg/config';
import type { LiveScreen } from '@sg/contracts';
import { DomainError } from '@sg/domain';
import { ProjectionRunner } from '@sg/read-models';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { mayReadPlan, type Lookups } from '../auth/policies';
import { APP_CONFIG } from '../infrastructure/config.provider';
import { LOOKUPS } from '../infrastructure/lookups.provider';
import { ScreenComposer } from './screen';

/** Snapshots are composed at most this often however fast events arrive (well inside the 2 s a screen may lag). */
const MIN_INTERVAL_MS = 250;
/** A client this far behind (bytes not yet taken by its socket) is dropped: it reconnects and gets a fresh snapshot. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** What a disconnected EventSource-style client waits before it reconnects. */
const RETRY_MS = 2000;

interface LiveClient {
  planId: string;
  token: string;
  res: Response;
}

interface Latest {
  /** The stream's event id: the log position the content was first composed at. */
  id: number;
  /** The content without the fields that change on every composition (position, time). */
  content: string;
  frame: string;
}

const contentOf = (screen: LiveScreen) => JSON.stringify({ ...screen, position: 0, composedAt: '' });

/**
 * One shared feed for every 数据大屏: after the projections commit (the runner says so, nobody
 * polls the database), the snapshot of each plan someone is watching is composed once and, when
 * it changed, written to all of that plan's streams. A heartbeat keeps proxies from closing idle
 * streams, re-composes (the calendar day moves without events) and re-checks each viewer's
 * session and grant: a revoked viewer's stream ends.
 */
@Injectable()
export class LiveFeed implements OnModuleInit, OnModuleDestroy {
  private readonly watchers = new Map<string, Set<LiveClient>>();
  private readonly latest = new Map<string, Latest>();
  private unsubscribe: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private lastRefresh = 0;
  private readonly logger = new Logger('LiveFeed');

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly composer: ScreenComposer,
    private readonly auth: AuthService,
    @Inject(LOOKUPS) private readonly lookups: Lookups,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.projections.onCommitted(() => this.schedule());
    this.heartbeat = setInterval(() => this.beat(), this.config.live.heartbeatMs);
    this.heartbeat.unref();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    clearInterval(this.heartbeat);
    clearTimeout(this.pending);
    for (const clients of this.watchers.values()) for (const client of clients) client.res.end();
    this.watchers.clear();
  }

  /** Open streams, all plans together. */
  get open(): number {
    let n = 0;
    for (const clients of this.watchers.values()) n += clients.size;
    return n;
  }

  /** The plan's snapshot as it stands now. */
  snapshot(planId: string): LiveScreen {
    return this.composer.compose(planId, this.projections.lowestPosition());
  }

  /**
   * Starts a stream: the current snapshot first, unless `lastEventId` says the client already
   * shows it (a reconnect with nothing missed); then every change, and a heartbeat comment.
   */
  attach(req: Request, res: Response, planId: string, token: string, lastEventId: string | undefined): void {
    if (this.open >= this.config.live.maxStreams) {
      throw new DomainError('unavailable', 'live-streams-full', '数据大屏的连接数已达上限，请稍后再试。', {
        max: this.config.live.maxStreams,
      });
    }
    const latest = this.refreshPlan(planId, false);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    // Proxies (nginx) must pass each event on as it comes.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    const client: LiveClient = { planId, token, res };
    let clients = this.watchers.get(planId);
    if (!clients) this.watchers.set(planId, (clients = new Set()));
    clients.add(client);
    const drop = () => this.detach(client);
    res.on('close', drop);
    res.on('error', drop);
    this.write(client, `retry: ${RETRY_MS}\n\n`);
    this.write(client, lastEventId === String(latest.id) ? ': 已是最新\n\n' : latest.frame);
  }

  private detach(client: LiveClient): void {
    const clients = this.watchers.get(client.planId);
    if (!clients?.delete(client)) return;
    if (clients.size === 0) {
      this.watchers.delete(client.planId);
      this.latest.delete(client.planId);
    }
    if (!client.res.writableEnded) client.res.end();
  }

  private write(client: LiveClient, frame: string): void {
    if (client.res.writableEnded) return;
    if (client.res.writableLength > MAX_BUFFERED_BYTES) {
      this.detach(client);
      return;
    }
    client.res.write(frame);
  }

  private mayRead(client: LiveClient): boolean {
    const principal = this.auth.principalOf(client.token);
    if (!principal || principal.mustChangePassword) return false;
    try {
      return mayReadPlan(principal, client.planId, this.lookups);
    } catch {
      // The plan is gone.
      return false;
    }
  }

  /** Still signed in and still allowed to read the plan? A stream whose viewer is not ends here. */
  private allowed(client: LiveClient): boolean {
    if (this.mayRead(client)) return true;
    this.write(
      client,
      `event: revoked\ndata: ${JSON.stringify({ code: 'live-access-ended', detail: '登录已失效或已无权查看该方案，请重新登录。' })}\n\n`,
    );
    this.detach(client);
    return false;
  }

  /** Composes the plan's snapshot; a changed one gets a new id and, if `broadcast`, goes to every viewer. */
  private refreshPlan(planId: string, broadcast: boolean): Latest {
    const screen = this.snapshot(planId);
    const content = contentOf(screen);
    const before = this.latest.get(planId);
    if (before && before.content === content) return before;
    const id = Math.max(screen.position, (before?.id ?? 0) + (before ? 1 : 0));
    const latest: Latest = {
      id,
      content,
      frame: `id: ${id}\nevent: snapshot\ndata: ${JSON.stringify({ ...screen, position: id })}\n\n`,
    };
    this.latest.set(planId, latest);
    if (broadcast) {
      for (const client of [...(this.watchers.get(planId) ?? [])]) {
        if (this.allowed(client)) this.write(client, latest.frame);
      }
    }
    return latest;
  }

  private refreshAll(): void {
    this.lastRefresh = Date.now();
    for (const planId of [...this.watchers.keys()]) {
      try {
        this.refreshPlan(planId, true);
      } catch (error) {
        this.logger.warn(`数据大屏快照生成失败（${planId}）：${String(error)}`);
      }
    }
  }

  /** After a commit: one refresh now, or at the end of the current interval (later commits join it). */
  private schedule(): void {
    if (this.pending || this.watchers.size === 0) return;
    const wait = Math.max(0, this.lastRefresh + MIN_INTERVAL_MS - Date.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.refreshAll();
    }, wait);
  }

  private beat(): void {
    for (const clients of this.watchers.values()) {
      for (const client of [...clients]) if (this.allowed(client)) this.write(client, ': heartbeat\n\n');
    }
    this.refreshAll();
  }
}
