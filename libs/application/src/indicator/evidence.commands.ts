import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  evidenceDecider,
  evidencePackageDecider,
  evidencePackageStream,
  evidenceStream,
  type EvidenceFile,
  type EvidencePackageDownload,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { handleCommand } from '../pipeline/handle-command';
import { newEntityId } from '../pipeline/new-entity-id';
import { EVENT_STORE } from '../tokens';

/** Records an accepted evidence file (already inspected and stored by content hash). */
export class RecordEvidence extends Command<CommandResult> {
  constructor(
    readonly input: Omit<EvidenceFile, 'evidenceId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordEvidence)
export class RecordEvidenceHandler implements ICommandHandler<RecordEvidence> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: RecordEvidence): Promise<CommandResult> {
    const evidenceId = newEntityId(context, 'evidence');
    const result = await handleCommand(
      this.store,
      evidenceStream(evidenceId),
      evidenceDecider,
      { type: 'RecordEvidence', data: { ...input, evidenceId } },
      context,
    );
    return { id: evidenceId, revision: result.revision, position: result.position };
  }
}

/** Records who downloaded a plan's evidence package, for which report dates, and what it held. */
export class RecordEvidencePackageDownload extends Command<CommandResult> {
  constructor(
    readonly input: Omit<EvidencePackageDownload, 'downloadId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordEvidencePackageDownload)
export class RecordEvidencePackageDownloadHandler implements ICommandHandler<RecordEvidencePackageDownload> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: RecordEvidencePackageDownload): Promise<CommandResult> {
    const downloadId = newEntityId(context, 'evidence-package-download');
    const result = await handleCommand(
      this.store,
      evidencePackageStream(downloadId),
      evidencePackageDecider,
      { type: 'RecordEvidencePackageDownload', data: { ...input, downloadId } },
      context,
    );
    return { id: downloadId, revision: result.revision, position: result.position };
  }
}
