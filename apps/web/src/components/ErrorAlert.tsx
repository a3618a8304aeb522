import { Alert, Button, Space } from 'antd';
import type { CSSProperties } from 'react';
import type { ApiError } from '../api/client';

/** An API or network failure in Chinese: what happened, the API's detail, and what to do next. */
export function ErrorAlert({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const fields = error.errors.filter((e) => e.message);
  return (
    <Alert
      type="error"
      showIcon
      data-testid="error-alert"
      title={error.title}
      description={
        <Space orientation="vertical" size={4}>
          <span>{error.detail}</span>
          {fields.length > 0 && (
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {fields.slice(0, 20).map((e, i) => (
                <li key={i}>
                  {[e.sheet, e.cell, e.field ?? e.path].filter(Boolean).join(' ')}
                  {e.sheet || e.cell || e.field || e.path ? '：' : ''}
                  {e.message}
                </li>
              ))}
            </ul>
          )}
          <span style={{ color: '#666' }}>{error.nextStep}</span>
        </Space>
      }
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        )
      }
    />
  );
}

/** The short form beside an upload: what happened, then the API's detail and what to do next in one line. */
export function BriefErrorAlert({ error, testId }: { error: ApiError; testId?: string }) {
  return (
    <Alert
      type="error"
      showIcon
      title={error.title}
      description={`${error.detail} ${error.nextStep}`}
      data-testid={testId}
    />
  );
}

/** The refusal of the last action, if there is one, set apart from what is around it by `style`'s margins. */
export function ActionError({ error, style }: { error: ApiError | null; style: CSSProperties }) {
  return (
    error && (
      <div style={style}>
        <ErrorAlert error={error} />
      </div>
    )
  );
}
