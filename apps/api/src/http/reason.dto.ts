import { OptionalText } from './fields';

/** Any change may say why; the reason is kept in the event's metadata and shown in the audit trail. */
export class ReasonDto {
  @OptionalText(1000, { description: '原因或说明，记入审计记录' })
  reason?: string;
}
