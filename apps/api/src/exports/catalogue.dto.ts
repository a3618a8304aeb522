import { OptionalText } from '../http/fields';

/** Narrows the evidence catalogue to a level, a project or a task. */
export class CatalogueQueryDto {
  @OptionalText(64)
  levelId?: string;

  @OptionalText(64)
  projectId?: string;

  @OptionalText(64)
  taskId?: string;
}
