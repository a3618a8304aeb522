import { Controller, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NoQuery } from '../http/as-of';
import { IdParam } from '../http/ids';
import { LiveFeed } from './live-feed';
import { GetCurrentRoute } from '../http/routes';

@ApiTags('数据大屏')
@Controller('plans/:planId')
export class LiveController {
  constructor(private readonly feed: LiveFeed) {}

  @GetCurrentRoute(
    'screen',
    'plan.read',
    '数据大屏的当前快照：完成率、得分与等级、预警、资金、标志性成果、本月审核通过',
  )
  screen(@IdParam('planId') planId: string, @NoQuery() _query: void) {
    return this.feed.snapshot(planId);
  }

  @GetCurrentRoute(
    'live',
    'plan.read',
    '数据大屏的实时推送（text/event-stream）：先推当前快照，此后数据有变化即推新快照（event: snapshot，id 为日志位置），每隔一段时间发送心跳；重连时带 Last-Event-ID，已是最新则不重发',
  )
  @ApiProduces('text/event-stream')
  stream(
    @IdParam('planId') planId: string,
    @Req() req: Request,
    @Res() res: Response,
    @NoQuery() _query: void,
  ): void {
    this.feed.attach(req, res, planId, req.bearerToken!, req.header('last-event-id'));
  }
}
