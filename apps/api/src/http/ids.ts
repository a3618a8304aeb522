import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@sg/domain';

/** How every entity id looks (a UUID). */
export const ENTITY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A path id that cannot name anything answers 404 like a missing one. */
@Injectable()
export class EntityIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ENTITY_ID.test(value))
      throw new DomainError('not-found', 'not-found', `找不到编号为「${value.slice(0, 40)}」的数据。`);
    return value;
  }
}

/** `@IdParam('planId') planId: string`: a path parameter that must be an entity id (else 404). */
export const IdParam = (name: string): ParameterDecorator => Param(name, EntityIdPipe);
