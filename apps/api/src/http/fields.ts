import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

/* A request field's validation and its OpenAPI entry in one decorator, for the fields many DTOs share. */

type FieldDoc = ApiPropertyOptions;
type Constraint = PropertyDecorator;
type Class = new () => object;

// Constraints are listed as they would be stacked (top first). Stacked decorators apply bottom-up,
// so they are applied reversed: the constraints keep their order in a 400.

/** A required field: its OpenAPI entry and its constraints. */
export const Field = (doc: FieldDoc, ...constraints: Constraint[]): PropertyDecorator =>
  applyDecorators(...[...constraints].reverse(), ApiProperty(doc));

/** As `Field`, but the field may be left out (or null), and is then not checked. */
export const OptionalField = (doc: FieldDoc, ...constraints: Constraint[]): PropertyDecorator =>
  applyDecorators(...[...constraints].reverse(), IsOptional(), ApiPropertyOptional(doc));

/** A year of a plan: a whole number from 2000 to 2100. */
export const yearRange = (): Constraint[] => [IsInt(), Min(2000), Max(2100)];

const withMessage = (message?: string): ValidationOptions | undefined =>
  message === undefined ? undefined : { message };

/** A whole number given in a query string, converted before it is checked; optionally in its own words. */
export const queryInt = (
  min: number,
  max?: number,
  messages: { integer?: string; min?: string; max?: string } = {},
): Constraint[] => [
  Type(() => Number),
  IsInt(withMessage(messages.integer)),
  Min(min, withMessage(messages.min)),
  ...(max === undefined ? [] : [Max(max, withMessage(messages.max))]),
];

/** Text of at most `max` characters (possibly empty). */
export const Text = (max: number, doc: FieldDoc = {}, options?: ValidationOptions): PropertyDecorator =>
  Field(doc, IsString(), MaxLength(max, options));

/** Required, non-empty text of at most `max` characters. */
export const RequiredText = (
  max: number,
  doc: FieldDoc = {},
  notEmpty?: ValidationOptions,
): PropertyDecorator => Field(doc, IsString(), IsNotEmpty(notEmpty), MaxLength(max));

/** Text of at most `max` characters that may be left out. */
export const OptionalText = (
  max: number,
  doc: FieldDoc = {},
  options?: ValidationOptions,
): PropertyDecorator => OptionalField(doc, IsString(), MaxLength(max, options));

/** A level, project or other entity id given in the body. */
export const EntityIdField = (description: string): PropertyDecorator => RequiredText(64, { description });

/** A user id given in the body. */
export const UserIdField = (description: string): PropertyDecorator => RequiredText(100, { description });

/** A year of a plan. */
export const YearField = (doc: FieldDoc): PropertyDecorator => Field(doc, ...yearRange());

/** A degree of completion: 1 is 100 %, up to four decimals (text, computed exactly). */
export const CompletionField = (doc: FieldDoc): PropertyDecorator =>
  Field(doc, IsString(), Matches(/^\d(\.\d{1,4})?$/));

/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = (doc: FieldDoc, options?: ValidationOptions): PropertyDecorator =>
  Field(doc, Matches(/^\d{4}-\d{2}-\d{2}$/, options));

/** One of the given values. */
export const OneOfField = (values: readonly string[], description?: string): PropertyDecorator =>
  applyDecorators(IsIn([...values]), ApiProperty({ enum: [...values], description }));

/** One of the given values, or left out. */
export const OptionalOneOf = (values: readonly string[], doc: FieldDoc = {}): PropertyDecorator =>
  OptionalField({ enum: [...values], ...doc }, IsIn([...values]));

/** true or false. */
export const Flag = (description: string): PropertyDecorator => Field({ description }, IsBoolean());

/** A list of at most `max` texts (ids, mostly). */
export const TextList = (max: number, doc: FieldDoc = {}): PropertyDecorator =>
  Field({ type: [String], ...doc }, IsArray(), ArrayMaxSize(max), IsString({ each: true }));

/** An object checked as `type`. */
export const Nested = (type: Class, doc: FieldDoc = {}): PropertyDecorator =>
  Field(
    { type, ...doc },
    ValidateNested(),
    Type(() => type),
  );

/** A list of at most `max` objects, each checked as `type` (document it as `{ type: [type] }`). */
export const nestedList = (type: Class, max: number): Constraint[] => [
  IsArray(),
  ArrayMaxSize(max),
  ValidateNested({ each: true }),
  Type(() => type),
];
