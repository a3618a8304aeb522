import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';

/**
 * The peer for the HTTP benchmark: a bare NestJS 12 application (Express, its default JSON body
 * parser, no guard, no interceptor, no database) answering the very JSON our API answered on the
 * same routes. What it cannot show is the cost of what ours does per request: authentication,
 * access rules, validation, reading the read models, and for writes the event store and the wait
 * for the read models.
 */
const canned = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { read: unknown; write: unknown };

@Controller('api')
class BareController {
  @Get('plans/:planId/completion')
  completion(@Param('planId') _planId: string): unknown {
    return canned.read;
  }

  @Post('tasks/:taskId/submissions')
  @HttpCode(201)
  submit(@Param('taskId') _taskId: string, @Body() _body: unknown): unknown {
    return canned.write;
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: ['error'] });
  await app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
  process.stdout.write('bare listening\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
