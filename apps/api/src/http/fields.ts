import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/* A request field's validation and its OpenAPI entry in one decorator, for the fields many DTOs share. */

interface FieldDoc {
  example?: unknown;
  description?: string;
}

// Listed last-applied first, as stacked decorators apply: the constraints keep their order in a 400.

/** Required, non-empty text of at most `max` characters. */
export const RequiredText = (max: number, doc: FieldDoc = {}): PropertyDecorator =>
  applyDecorators(MaxLength(max), IsNotEmpty(), IsString(), ApiProperty(doc));

/** A level, project or other entity id given in the body. */
export const EntityIdField = (description: string): PropertyDecorator => RequiredText(64, { description });

/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = (doc: FieldDoc): PropertyDecorator =>
  applyDecorators(Matches(/^\d{4}-\d{2}-\d{2}$/), ApiProperty(doc));

/** One of the given values. */
export const OneOfField = (values: readonly string[], description?: string): PropertyDecorator =>
  applyDecorators(IsIn([...values]), ApiProperty({ enum: [...values], description }));
