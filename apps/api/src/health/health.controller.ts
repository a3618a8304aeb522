import { Public } from '../auth/access';
import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE } from '@sg/application';
import { ClamdScanner, ScannerUnavailable, type EvidenceScanner } from '@sg/evidence';
import { readSupervision, type AppConfig, type SupervisedProcess } from '@sg/config';
import type { EventStore } from '@sg/event-store';
import { ProjectionRunner } from '@sg/read-models';
import type { Response } from 'express';
import { APP_CONFIG } from '../infrastructure/config.provider';
import { EVIDENCE_SCANNER } from '../evidence/evidence.tokens';
import { RedisProbe } from './redis-probe';

@ApiTags('运行状态')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly redis: RedisProbe,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVIDENCE_SCANNER) private readonly scanner: EvidenceScanner,
  ) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '运行状态：事件存储、投影延迟、Redis、进程重启记录' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [eventStore, redis, scanner] = await Promise.all([
      this.storeHealth(),
      this.redis.check(),
      this.scannerHealth(),
    ]);
    const head = eventStore.headPosition ?? 0;
    const projections = this.projections.status().map((p) => ({
      ...p,
      lag: Math.max(0, head - p.position),
    }));
    const healthy =
      eventStore.status === 'up' && redis.status === 'up' && projections.every((p) => p.error === undefined);
    res.status(healthy ? 200 : 503);
    // A scanner that is down refuses uploads (503) but leaves the rest of the service usable.
    return {
      status: healthy ? 'ok' : 'error',
      eventStore,
      projections,
      redis,
      scanner,
      supervision: this.supervision(),
    };
  }

  private async scannerHealth(): Promise<{ kind: string; status: 'up' | 'down'; error?: string }> {
    const kind = this.config.evidence.scanner;
    if (!(this.scanner instanceof ClamdScanner)) return { kind, status: 'up' };
    try {
      await this.scanner.ping(1000);
      return { kind, status: 'up' };
    } catch (error) {
      return {
        kind,
        status: 'down',
        error: `病毒检查服务（clamd）无法使用，上传将被拒绝：${error instanceof ScannerUnavailable ? error.reason : String(error)}`,
      };
    }
  }

  /** Restarts of the API and the worker, when `npm start`'s launcher runs them. */
  private supervision() {
    const status = readSupervision(this.config.dataDir);
    if (!status) return { supervisor: 'none' as const };
    const view = ({ state, pid, restarts, lastRestartAt, lastExit }: SupervisedProcess) => ({
      state,
      pid,
      restarts,
      ...(lastRestartAt ? { lastRestartAt } : {}),
      ...(lastExit ? { lastExit } : {}),
    });
    return {
      supervisor: 'launcher' as const,
      startedAt: status.startedAt,
      api: view(status.processes.api),
      worker: view(status.processes.worker),
    };
  }

  private async storeHealth(): Promise<{
    status: 'up' | 'down';
    kind: string;
    headPosition?: number;
    error?: string;
  }> {
    try {
      return { status: 'up', kind: this.store.kind, headPosition: await this.store.headPosition() };
    } catch (error) {
      return {
        status: 'down',
        kind: this.store.kind,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
