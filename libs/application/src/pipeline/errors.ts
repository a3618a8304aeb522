import { DomainError } from '@sg/domain';

export const staleRevision = (stream: string, expected: number, actual: number | 'no-stream') =>
  new DomainError(
    'precondition-failed',
    'stale-revision',
    '数据已被他人修改：请刷新页面，查看最新内容后再提交。',
    { stream, expected, actual },
  );

export const tooMuchContention = (stream: string) =>
  new DomainError('conflict', 'write-contention', '同一数据正被多人同时修改，请稍后重试。', { stream });
