import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { DomainError } from '@sg/domain';
import { createValidationPipe } from './validation';

class Inner {
  @IsString()
  name!: string;
}

class Outer {
  @ValidateNested()
  @Type(() => Inner)
  inner!: Inner;
}

const body = { type: 'body' as const, data: '' };

async function refusal(pipe: ReturnType<typeof createValidationPipe>, value: unknown, metatype: unknown) {
  try {
    await pipe.transform(value, { ...body, metatype: metatype as never });
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('accepted');
}

describe('validation pipe', () => {
  it('refuses a binary value where a nested object is expected, request after request', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 3; i++) {
      await expect(pipe.transform({ inner: { name: 'a' } }, { ...body, metatype: Outer })).resolves.toEqual({
        inner: { name: 'a' },
      });
      const error = await refusal(pipe, { inner: Buffer.from('x') }, Outer);
      expect(error).toBeInstanceOf(DomainError);
      expect(error.code).toBe('validation-failed');
      expect((await refusal(pipe, { inner: { name: 1 } }, Outer)).code).toBe('validation-failed');
    }
  });

  it('sees the rules of a class defined after its first use', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({ inner: { name: 'a' } }, { ...body, metatype: Outer });
    class Later {
      @ValidateNested({ each: true })
      @Type(() => Inner)
      items!: Inner[];
    }
    const error = await refusal(pipe, { items: [Buffer.from('x')] }, Later);
    expect(error.code).toBe('validation-failed');
  });
});
