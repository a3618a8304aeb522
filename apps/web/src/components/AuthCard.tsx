import { Alert, Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
import { ActionError } from './ErrorAlert';

/** A line above the form: good news, or what the person must do first. */
export interface AuthNotice {
  type: 'success' | 'warning';
  text: string;
  testId?: string;
}

/** A page of its own before the application opens (sign-in, a forced password change): one card in the middle. */
export function AuthCard({
  title,
  width,
  testId,
  intro,
  notices = [],
  error,
  children,
}: {
  title: string;
  width: number;
  testId?: string;
  /** What the person reads before the form. */
  intro?: ReactNode;
  notices?: readonly (AuthNotice | false | null | undefined)[];
  /** The last refusal, shown above the form. */
  error: ApiError | null;
  children: ReactNode;
}) {
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #e8eef8 0%, #f7f9fc 100%)',
        padding: 16,
      }}
    >
      <Card style={{ width, maxWidth: '100%' }} data-testid={testId}>
        <Typography.Title level={3} style={{ textAlign: 'center', color: '#1f4e96' }}>
          {title}
        </Typography.Title>
        {intro}
        {notices.map(
          (notice) =>
            notice && (
              <Alert
                key={notice.testId ?? notice.text}
                type={notice.type}
                showIcon
                style={{ marginBottom: 16 }}
                data-testid={notice.testId}
                title={notice.text}
              />
            ),
        )}
        <ActionError error={error} style={{ marginBottom: 16 }} />
        {children}
      </Card>
    </div>
  );
}
