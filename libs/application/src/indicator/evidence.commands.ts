import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  evidenceDecider,
  evidencePackageDecider,
  evidencePackageStream,
  evidenceStream,
  type EvidenceFile,
  type EvidencePackageDownload,
} from '@sg/domain';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { newEntityId } from '../pipeline/new-entity-id';
import { OnEventStore } from '../pipeline/on-event-store';

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
export class RecordEvidenceHandler extends OnEventStore<RecordEvidence> {
  async execute({ input, context }: RecordEvidence): Promise<CommandResult> {
    const evidenceId = newEntityId(context, 'evidence');
    return commandOn(
      this.store,
      { id: evidenceId, stream: evidenceStream(evidenceId), decider: evidenceDecider },
      { type: 'RecordEvidence', data: { ...input, evidenceId } },
      context,
    );
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
export class RecordEvidencePackageDownloadHandler extends OnEventStore<RecordEvidencePackageDownload> {
  async execute({ input, context }: RecordEvidencePackageDownload): Promise<CommandResult> {
    const downloadId = newEntityId(context, 'evidence-package-download');
    return commandOn(
      this.store,
      { id: downloadId, stream: evidencePackageStream(downloadId), decider: evidencePackageDecider },
      { type: 'RecordEvidencePackageDownload', data: { ...input, downloadId } },
      context,
    );
  }
}
