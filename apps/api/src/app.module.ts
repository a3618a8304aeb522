import { CampaignsController } from './campaigns/campaigns.controller';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { APPLICATION_HANDLERS, FACT_DATE_POLICY } from '@sg/application';
import type { AppConfig } from '@sg/config';
import { AuditController, AuditExportController } from './audit/audit.controller';
import { AccessGuard } from './auth/access.guard';
import { AdminBootstrap } from './auth/admin-bootstrap';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { UsersController } from './auth/users.controller';
import { DemoLoader } from './demo/demo-loader';
import { ExportsController } from './exports/exports.controller';
import { ImportsController } from './imports/imports.controller';
import { AmendmentsController } from './amendments/amendments.controller';
import { EvidenceController } from './evidence/evidence.controller';
import { SubmissionsController } from './submissions/submissions.controller';
import { CONTENT_STORE, EVIDENCE_SCANNER, INSPECTIONS } from './evidence/evidence.tokens';
import { scannerFor } from './evidence/scanner.provider';
import { uploadIntakeProvider } from './evidence/upload-intake.provider';
import { ContentStore, InspectionQueue } from '@sg/evidence';
import { HealthController } from './health/health.controller';
import { IndicatorsController } from './indicators/indicators.controller';
import { RedisProbe } from './health/redis-probe';
import { CommandResponseInterceptor } from './http/command-response.interceptor';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation';
import { APP_CONFIG } from './infrastructure/config.provider';
import { PersistenceModule } from './infrastructure/persistence.module';
import { PlansController } from './plans/plans.controller';
import { TasksController } from './tasks/tasks.controller';
import { HomeController } from './home/home.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { LimitsController } from './limits/limits.controller';
import { RectificationController } from './rectification/rectification.controller';
import { DirectoryController } from './directory/directory.controller';
import { LiveController } from './live/live.controller';
import { BriefingSectionsController } from './notifications/briefing-sections.controller';
import { LiveFeed } from './live/live-feed';
import { ScreenComposer } from './live/screen';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    const configModule: DynamicModule = {
      module: class ConfigModule {},
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
    return {
      module: AppModule,
      imports: [configModule, PersistenceModule, CqrsModule.forRoot()],
      controllers: [
        HealthController,
        AuthController,
        UsersController,
        AuditController,
        AuditExportController,
        PlansController,
        TasksController,
        HomeController,
        IndicatorsController,
        ExportsController,
        ImportsController,
        AmendmentsController,
        EvidenceController,
        SubmissionsController,
        NotificationsController,
        LimitsController,
        CampaignsController,
        RectificationController,
        DirectoryController,
        LiveController,
        BriefingSectionsController,
      ],
      providers: [
        ...APPLICATION_HANDLERS,
        { provide: FACT_DATE_POLICY, useValue: { toleranceDays: config.facts.effectiveDateToleranceDays } },
        RedisProbe,
        AuthService,
        AdminBootstrap,
        { provide: CONTENT_STORE, useFactory: () => new ContentStore(config.evidence.dir) },
        { provide: EVIDENCE_SCANNER, useFactory: () => scannerFor(config.evidence) },
        {
          provide: INSPECTIONS,
          useFactory: () => new InspectionQueue({ ...config.evidence.inspections, retryAfterSeconds: 10 }),
        },
        uploadIntakeProvider,
        DemoLoader,
        ScreenComposer,
        LiveFeed,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: CommandResponseInterceptor },
      ],
    };
  }
}
