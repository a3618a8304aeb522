import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_EVIDENCE_MAX_BYTES } from '@sg/contracts';

export type EventStoreKind = 'sqlite' | 'kurrentdb';
export type SqliteSynchronous = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

export interface AppConfig {
  /** Everything the embedded deployment writes lives under this directory. */
  dataDir: string;
  eventStore:
    | { kind: 'sqlite'; file: string; synchronous: SqliteSynchronous }
    | { kind: 'kurrentdb'; connectionString: string; timeoutMs: number };
  readModelFile: string;
  idempotencyFile: string;
  http: { host: string; port: number; bodyLimit: string; trustProxy: number };
  redisUrl: string | undefined;
  /** How long a command's answer waits for the read models to show its effect. */
  readYourWritesTimeoutMs: number;
  /**
   * How long the read models no answer waits for may hold live events back, to apply several
   * commits in one transaction (ADR 0049); a read of their tables applies them at once. 0: never.
   */
  readModelLingerMs: number;
  evidence: {
    dir: string;
    /** Largest accepted file, bytes. */
    maxBytes: number;
    scanner: 'accept-all' | 'eicar' | 'clamd';
    /** Set when the scanner is clamd. */
    clamd:
      | {
          address: { socket: string } | { host: string; port: number };
          timeoutMs: number;
          maxStreamBytes: number;
        }
      | undefined;
    /** Uploads inspected at once, and admitted beyond those before 503 + Retry-After. */
    inspections: { concurrent: number; queued: number };
  };
  /** Load the seed's college as a demo plan on first start (`npm start` turns it on). */
  demoPlan: boolean;
  /** 数据大屏's event stream: heartbeat interval, and open streams per API process at most. */
  live: { heartbeatMs: number; maxStreams: number };
  facts: {
    /** How many days past today a fact's effective date may lie (EFFECTIVE_DATE_TOLERANCE_DAYS). */
    effectiveDateToleranceDays: number;
  };
  notifications: {
    /** The worker's own read models (it never shares the API's file). */
    workerReadModelFile: string;
    /** Where links in emails and robot messages point. */
    publicUrl: string;
    smtp: { url: string; from: string } | undefined;
    /** Group-robot webhook addresses carry their access token: they are secrets, kept out of the log. */
    wecomWebhookUrl: string | undefined;
    dingtalk: { webhookUrl: string; secret: string | undefined } | undefined;
    /** Attempts per delivery before it lands in the failed list, and the first backoff. */
    deliveryAttempts: number;
    deliveryBackoffMs: number;
    /** How often the worker re-plans from the read models what Redis may have lost. */
    reconcileIntervalMs: number;
  };
  auth: {
    file: string;
    /** The first office administrator, created on first start. */
    adminUsername: string;
    /**
     * When unset, a random password is generated, written once to `initialPasswordFile` (0600)
     * and must be changed at first sign-in.
     */
    adminPassword: string | undefined;
    initialPasswordFile: string;
    sessionTtlMs: number;
    loginLimits: LoginLimits;
  };
}

/** Sign-in throttling, counted in Redis so that every API process sees the same counts. */
export interface LoginLimits {
  /** Attempts per client address per window that did not succeed (in flight ones included). */
  perAddress: number;
  /** At this many failures of one (username, address) pair it waits 1 s; each further one doubles the wait. */
  freeFailures: number;
  /** Longest wait the pair's back-off reaches. */
  maxBackoffMs: number;
  /** Failures at one username from anywhere per window; beyond it, only addresses it signed in from may try. */
  failuresPerUsername: number;
  windowMs: number;
  /** Prefix of the counters' Redis keys (several deployments, or test runs, on one Redis). */
  keyPrefix: string;
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`配置有误，服务未启动：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once, checks all of it, and fails with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} 应为 ${min}–${max} 之间的整数，当前为 "${raw}"`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = allowed.find((candidate) => candidate.toLowerCase() === raw.toLowerCase());
    if (value === undefined) {
      problems.push(`${name} 只能是 ${allowed.join(' / ')}，当前为 "${raw}"`);
      return fallback;
    }
    return value;
  };

  const dataDir = resolve(env.DATA_DIR || './data');
  const kind = oneOf<EventStoreKind>('EVENT_STORE', ['sqlite', 'kurrentdb'], 'sqlite');
  let eventStore: AppConfig['eventStore'];
  if (kind === 'kurrentdb') {
    const connectionString = env.KURRENTDB_CONNECTION_STRING ?? '';
    if (!/^(kurrentdb|kdb|esdb|eventstoredb)(\+discover)?:\/\//.test(connectionString)) {
      problems.push(
        'EVENT_STORE=kurrentdb 时须设置 KURRENTDB_CONNECTION_STRING（例如 kurrentdb://localhost:2113?tls=false）',
      );
    }
    eventStore = { kind, connectionString, timeoutMs: integer('KURRENTDB_TIMEOUT_MS', 5000, 100, 600_000) };
  } else {
    eventStore = {
      kind,
      file: resolve(dataDir, 'events.sqlite'),
      synchronous: oneOf<SqliteSynchronous>('SQLITE_SYNCHRONOUS', ['OFF', 'NORMAL', 'FULL', 'EXTRA'], 'FULL'),
    };
  }
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push(`REDIS_URL 应以 redis:// 开头，当前为 "${redisUrl}"`);

  const url = (name: string, schemes: RegExp): string | undefined => {
    const raw = env[name];
    if (!raw) return undefined;
    if (!schemes.test(raw))
      problems.push(`${name} 的地址格式不正确：${raw.replace(/\/\/[^@/]*@/, '//***@')}`);
    return raw;
  };
  const smtpUrl = url('SMTP_URL', /^smtps?:\/\/[^/]+/);
  const dingtalkWebhookUrl = url('DINGTALK_WEBHOOK_URL', /^https?:\/\//);
  const http = {
    host: env.HOST || '127.0.0.1',
    port: integer('PORT', 3000, 0, 65535),
    bodyLimit: env.BODY_LIMIT || '1mb',
    trustProxy: integer('TRUST_PROXY', 0, 0, 10),
  };
  const notifications: AppConfig['notifications'] = {
    workerReadModelFile: resolve(dataDir, 'worker-read-models.sqlite'),
    publicUrl: (env.PUBLIC_URL || `http://${http.host}:${http.port}`).replace(/\/+$/, ''),
    smtp: smtpUrl
      ? { url: smtpUrl, from: env.SMTP_FROM || '双高计划建设管理平台 <noreply@localhost>' }
      : undefined,
    wecomWebhookUrl: url('WECOM_WEBHOOK_URL', /^https?:\/\//),
    dingtalk: dingtalkWebhookUrl
      ? { webhookUrl: dingtalkWebhookUrl, secret: env.DINGTALK_SECRET || undefined }
      : undefined,
    deliveryAttempts: integer('DELIVERY_ATTEMPTS', 5, 1, 50),
    deliveryBackoffMs: integer('DELIVERY_BACKOFF_MS', 2000, 10, 3_600_000),
    reconcileIntervalMs: integer('RECONCILE_INTERVAL_MS', 30_000, 200, 3_600_000),
  };
  const evidenceMaxBytes = integer(
    'EVIDENCE_MAX_BYTES',
    DEFAULT_EVIDENCE_MAX_BYTES,
    1024,
    1024 * 1024 * 1024,
  );
  const scanner = oneOf('EVIDENCE_SCANNER', ['accept-all', 'eicar', 'clamd'], 'accept-all');
  let clamd: AppConfig['evidence']['clamd'];
  if (scanner === 'clamd') {
    const socket = env.CLAMD_SOCKET || undefined;
    const host = env.CLAMD_HOST || undefined;
    if (socket && host) problems.push('CLAMD_SOCKET 与 CLAMD_HOST 只能设置其一');
    else if (!socket && !host)
      problems.push('EVIDENCE_SCANNER=clamd 时须设置 CLAMD_SOCKET（clamd 的本地套接字路径）或 CLAMD_HOST');
    if (socket && !isAbsolute(socket)) problems.push(`CLAMD_SOCKET 应为绝对路径，当前为 "${socket}"`);
    const port = integer('CLAMD_PORT', 3310, 1, 65535);
    clamd = {
      address: socket ? { socket } : { host: host ?? '127.0.0.1', port },
      timeoutMs: integer('CLAMD_TIMEOUT_MS', 30_000, 100, 600_000),
      // clamd.conf's StreamMaxLength must be at least this (its own default is 25 MB).
      maxStreamBytes: integer('CLAMD_STREAM_MAX_BYTES', evidenceMaxBytes, 1024, 4 * 1024 * 1024 * 1024 - 1),
    };
  }
  const config: AppConfig = {
    dataDir,
    eventStore,
    readModelFile: resolve(dataDir, 'read-models.sqlite'),
    idempotencyFile: resolve(dataDir, 'idempotency.sqlite'),
    http,
    redisUrl,
    readYourWritesTimeoutMs: integer('READ_YOUR_WRITES_TIMEOUT_MS', 2000, 0, 60_000),
    readModelLingerMs: integer('READ_MODEL_LINGER_MS', 10, 0, 1_000),
    demoPlan: oneOf('DEMO_PLAN', ['on', 'off'], 'off') === 'on',
    live: {
      heartbeatMs: integer('LIVE_HEARTBEAT_MS', 15_000, 100, 300_000),
      maxStreams: integer('LIVE_MAX_STREAMS', 200, 1, 100_000),
    },
    facts: { effectiveDateToleranceDays: integer('EFFECTIVE_DATE_TOLERANCE_DAYS', 31, 0, 366) },
    notifications,
    evidence: {
      dir: resolve(dataDir, 'evidence'),
      maxBytes: evidenceMaxBytes,
      scanner,
      clamd,
      inspections: {
        concurrent: integer('EVIDENCE_INSPECTIONS', 2, 1, 64),
        queued: integer('EVIDENCE_INSPECTIONS_QUEUED', 8, 0, 1024),
      },
    },
    auth: {
      file: resolve(dataDir, 'auth.sqlite'),
      adminUsername: (env.ADMIN_USERNAME || 'admin').toLowerCase(),
      adminPassword: env.ADMIN_PASSWORD || undefined,
      initialPasswordFile: resolve(dataDir, 'initial-admin-password'),
      sessionTtlMs: integer('SESSION_TTL_HOURS', 12, 1, 24 * 30) * 3_600_000,
      loginLimits: {
        perAddress: integer('LOGIN_MAX_PER_ADDRESS', 50, 1, 100_000),
        freeFailures: integer('LOGIN_FREE_FAILURES', 5, 1, 1000),
        maxBackoffMs: integer('LOGIN_MAX_BACKOFF_MINUTES', 60, 1, 24 * 60) * 60_000,
        failuresPerUsername: integer('LOGIN_MAX_FAILURES_PER_USER', 20, 1, 100_000),
        windowMs: integer('LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60) * 60_000,
        keyPrefix: env.LOGIN_THROTTLE_PREFIX || 'sg:login',
      },
    },
  };
  if (config.auth.adminPassword !== undefined && config.auth.adminPassword.length < 10) {
    problems.push('ADMIN_PASSWORD 至少 10 个字符');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
