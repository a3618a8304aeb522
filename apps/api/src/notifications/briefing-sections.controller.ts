import { Body, Controller, Header, Inject, Param, Req, Res, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { EditBriefing, type CommandContext, type CommandResult } from '@sg/application';
import { DomainError } from '@sg/domain';
import { uuidv7 } from '@sg/event-store';
import { NotificationQueries } from '@sg/read-models';
import type { Request, Response } from 'express';
import { createReadStream } from 'node:fs';
import { UPLOAD_INTAKE } from '../evidence/upload-intake.provider';
import { IdParam } from '../http/ids';
import { Ctx } from '../http/request-context';
import { takeInUpload, type UploadIntake } from '../evidence/inspected-upload';
import { BriefingSectionDto } from './notifications.dto';
import { ApiFileUpload } from '../http/api-file-upload';
import { GetRoute, PostRoute, PutRoute } from '../http/routes';

const photoNotFound = (photoId: string) =>
  new DomainError('not-found', 'briefing-photo-not-found', '照片不存在。', { photoId });

/** The office's own sections of a 双高简报 and their photos, stored and inspected as evidence is. */
@ApiTags('提醒、通知与简报')
@Controller('briefings/:briefingId')
export class BriefingSectionsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(UPLOAD_INTAKE) private readonly intake: UploadIntake,
    private readonly notifications: NotificationQueries,
  ) {}

  @PutRoute(
    'sections/:kind',
    'briefing.manage',
    '编写简报栏目（work-news 工作动态 / typical-cases 典型案例）：文字与照片，仅限草稿',
  )
  writeSection(
    @IdParam('briefingId') briefingId: string,
    @Param('kind') kind: string,
    @Body() body: BriefingSectionDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new EditBriefing(
        briefingId,
        { type: 'section', kind, text: body.text, photoIds: body.photoIds ?? [] },
        context,
      ),
    );
  }

  @PostRoute('photos', 'briefing.manage', '为简报草稿上传照片（PNG 或 JPEG，按文件内容识别并检查后存储）')
  @ApiFileUpload()
  async uploadPhoto(
    @IdParam('briefingId') briefingId: string,
    @Req() req: Request,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult & { sha256: string; name: string }> {
    return takeInUpload(req, this.intake, ({ sha256, name, mediaType, size }) =>
      this.commands.execute<EditBriefing, CommandResult>(
        new EditBriefing(
          briefingId,
          { type: 'photo', photoId: uuidv7(), sha256, name, mediaType, size },
          context,
        ),
      ),
    );
  }

  @GetRoute('photos/:photoId', 'briefing.read', '简报照片（与该期简报的查看权限相同）')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  photo(
    @IdParam('briefingId') briefingId: string,
    @IdParam('photoId') photoId: string,
    @Res({ passthrough: true }) res: Response,
  ): StreamableFile {
    const photo = this.notifications.briefing(briefingId)?.photos.find((p) => p.photoId === photoId);
    if (!photo || !this.intake.store.has(photo.sha256)) throw photoNotFound(photoId);
    res.setHeader('ETag', `"${photo.sha256}"`);
    return new StreamableFile(createReadStream(this.intake.store.pathOf(photo.sha256)), {
      type: photo.mediaType,
      length: photo.size,
      disposition: `inline; filename="photo"; filename*=UTF-8''${encodeURIComponent(photo.name)}`,
    });
  }
}
