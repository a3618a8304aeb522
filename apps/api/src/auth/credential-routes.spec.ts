import { Body, Controller, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { CredentialRoute } from '../http/credential-route';
import { Public } from './access';
import { assertSecretBodiesOnCredentialRoutes, credentialRoutes } from './route-table';

class PinDto {
  @IsString()
  newPassword!: string;
}

class NoteDto {
  @IsString()
  text!: string;
}

@Controller('probe')
class UnmarkedController {
  @Post(':id/pin')
  @Public()
  pin(@Body() _body: PinDto): void {}

  @Post('notes')
  @Public()
  note(@Body() _body: NoteDto): void {}
}

@Controller('probe')
class MarkedController {
  @Post(':id/pin')
  @Public()
  @CredentialRoute()
  pin(@Body() _body: PinDto): void {}
}

const appWith = async (controller: new () => unknown) =>
  (await Test.createTestingModule({ controllers: [controller] }).compile()).createNestApplication();

describe('credential routes', () => {
  it('refuses to start with a route whose body carries a password but is not marked', async () => {
    const app = await appWith(UnmarkedController);
    expect(() => assertSecretBodiesOnCredentialRoutes(app)).toThrow(/POST \/api\/probe\/:id\/pin/);
    await app.close();
  });

  it('accepts the route once marked, and matches its requests by method and path', async () => {
    const app = await appWith(MarkedController);
    expect(() => assertSecretBodiesOnCredentialRoutes(app)).not.toThrow();
    const [route] = credentialRoutes(app);
    expect(route.method).toBe('POST');
    expect(route.pattern.test('/api/probe/0190abc/pin')).toBe(true);
    expect(route.pattern.test('/api/probe/0190abc/pin/')).toBe(true);
    expect(route.pattern.test('/API/Probe/0190abc/PIN')).toBe(true);
    expect(route.pattern.test('/api/probe/0190abc/pinx')).toBe(false);
    expect(route.pattern.test('/api/probe/a/b/pin')).toBe(false);
    await app.close();
  });
});
