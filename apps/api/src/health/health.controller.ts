import { Public } from '../auth/access';
import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE } from '@sg/application';
import { readSupervision, type AppConfig, type SupervisedProcess } from '@sg/config';
import type { EventStore } from '@sg/event-store';
import { ProjectionRunner } from '@sg/read-models';
import type { Response } from 'express';
import { APP_CONFIG } from '../infrastructure/config.provider';
import { RedisProbe } from './redis-probe';

@ApiTags('运行状态')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly redis: RedisProbe,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '运行状态：事件存储、投影延迟、Redis、进程重启记录' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [eventStore, redis] = await Promise.all([this.storeHealth(), this.redis.check()]);
    const head = eventStore.headPosition ?? 0;
    const projections = this.projections.status().map((p) => ({
      ...p,
      lag: Math.max(0, head - p.position),
    }));
    const healthy =
      eventStore.status === 'up' && redis.status === 'up' && projections.every((p) => p.error === undefined);
    res.status(healthy ? 200 : 503);
    return {
      status: healthy ? 'ok' : 'error',
      eventStore,
      projections,
      redis,
      supervision: this.supervision(),
    };
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
