import type { Provider } from '@nestjs/common';
import type { AppConfig } from '@sg/config';
import type { ContentStore, EvidenceScanner, InspectionQueue } from '@sg/evidence';
import { APP_CONFIG } from '../infrastructure/config.provider';
import { CONTENT_STORE, EVIDENCE_SCANNER, INSPECTIONS } from './evidence.tokens';
import type { UploadIntake } from './inspected-upload';

/** The one intake every upload route takes files in through (same limit, store, scanner, queue). */
export const UPLOAD_INTAKE = Symbol('UploadIntake');

export const uploadIntakeProvider: Provider<UploadIntake> = {
  provide: UPLOAD_INTAKE,
  inject: [APP_CONFIG, CONTENT_STORE, EVIDENCE_SCANNER, INSPECTIONS],
  useFactory: (
    config: AppConfig,
    store: ContentStore,
    scanner: EvidenceScanner,
    inspections: InspectionQueue,
  ): UploadIntake => ({ maxBytes: config.evidence.maxBytes, store, scanner, inspections }),
};
