import { Controller, Header, Inject, Param, Req, Res, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RecordEvidence, type CommandContext, type CommandResult } from '@sg/application';
import { evidenceNotFound } from '@sg/domain';
import { CompletionQueries, EvidenceQueries, type EvidenceView } from '@sg/read-models';
import type { Request, Response } from 'express';
import { createReadStream } from 'node:fs';
import { Ctx } from '../http/request-context';
import { takeInUpload, type UploadIntake } from './inspected-upload';
import { UPLOAD_INTAKE } from './upload-intake.provider';
import { ApiFileUpload } from '../http/api-file-upload';
import { GetRoute, PostRoute } from '../http/routes';

@ApiTags('佐证材料')
@Controller()
export class EvidenceController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(UPLOAD_INTAKE) private readonly intake: UploadIntake,
    private readonly evidence: EvidenceQueries,
    private readonly completion: CompletionQueries,
  ) {}

  @PostRoute(
    'tasks/:taskId/evidence',
    'task.report',
    '上传佐证材料：按文件内容识别类型（PDF、PNG、JPEG、DOCX、XLSX、PPTX、DOC、XLS、PPT），检查后按内容哈希存储',
  )
  @ApiFileUpload()
  async upload(
    @Param('taskId') taskId: string,
    @Req() req: Request,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult & { sha256: string; name: string }> {
    return takeInUpload(req, this.intake, async ({ sha256, name, mediaType, size }) => {
      const task = this.completion.task(taskId)!;
      return this.commands.execute<RecordEvidence, CommandResult>(
        new RecordEvidence({ planId: task.planId, taskId, sha256, size, mediaType, name }, context),
      );
    });
  }

  @GetRoute('tasks/:taskId/evidence', 'task.read', '某任务的佐证材料')
  list(@Param('taskId') taskId: string): EvidenceView[] {
    return this.evidence.ofTask(taskId);
  }

  @GetRoute('evidence/:evidenceId', 'evidence.read', '下载佐证材料（与其任务的查看权限相同）')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  download(
    @Param('evidenceId') evidenceId: string,
    @Res({ passthrough: true }) res: Response,
  ): StreamableFile {
    const evidence = this.evidence.byId(evidenceId);
    if (!evidence || !this.intake.store.has(evidence.sha256)) throw evidenceNotFound(evidenceId);
    res.setHeader('ETag', `"${evidence.sha256}"`);
    return new StreamableFile(createReadStream(this.intake.store.pathOf(evidence.sha256)), {
      type: evidence.mediaType,
      length: evidence.size,
      disposition: `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent(evidence.name)}`,
    });
  }
}
