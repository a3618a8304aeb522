import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { preparePrivateDataDir, type AppConfig } from '@sg/config';
import { AppModule } from './app.module';
import { jsonBody, MULTIPART_ROUTES } from './http/json-body';
import { correlationMiddleware } from './http/request-context';
import { IdempotencyStore } from './infrastructure/idempotency';
import { AuthService } from './auth/auth.service';
import { authenticationMiddleware } from './auth/authentication.middleware';
import {
  assertEveryRouteHasAccessRule,
  assertSecretBodiesOnCredentialRoutes,
  credentialRoutes,
} from './auth/route-table';
import { contentSecurityPolicyForHtml, serveWebApp, webRoot } from './http/web-app';

/** Builds the HTTP application (used by main and by the end-to-end tests alike). */
export async function createApiApplication(
  config: AppConfig,
  options: { logger?: false | ('error' | 'warn' | 'log')[] } = {},
): Promise<INestApplication> {
  preparePrivateDataDir(config.dataDir);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn', 'log'],
  });
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  // The web UI (built into dist/web by `npm run build`) at `/`; the API stays under `/api`.
  contentSecurityPolicyForHtml(app);
  const web = webRoot();
  if (web) serveWebApp(app, web);
  else if (options.logger !== false)
    new Logger('Web').warn('网页端未构建（dist/web 不存在）：请先运行 npm run build');
  app.setGlobalPrefix('api');
  app.use(correlationMiddleware);
  app.use(...jsonBody(config.http.bodyLimit));
  app.use(authenticationMiddleware(app.get(AuthService)));
  app.use(
    app.get(IdempotencyStore).middleware({
      credentialRoutes: credentialRoutes(app),
      uploads: { routes: MULTIPART_ROUTES, maxBytes: config.evidence.maxBytes },
    }),
  );
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('双高计划建设管理平台 API')
      .setDescription(
        '建设方案、任务、进展与完成度。所有错误均为 RFC 7807 Problem Details（application/problem+json），含稳定的 code 与中文说明。',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  assertEveryRouteHasAccessRule(app);
  assertSecretBodiesOnCredentialRoutes(app);
  return app;
}
