import { DownloadOutlined } from '@ant-design/icons';
import { Button, Progress, Space } from 'antd';
import { useState } from 'react';
import { asApiError, fetchBlob, saveBlob, withQuery, type ApiError } from '../api/client';
import { ErrorAlert } from './ErrorAlert';

/** Downloads a file with the session, showing progress and any error in Chinese. */
export function DownloadButton({
  path,
  query,
  fileName,
  children,
}: {
  path: string;
  query?: Record<string, string | undefined>;
  fileName: string;
  children: string;
}) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async () => {
    setError(null);
    setProgress(0);
    try {
      saveBlob(await fetchBlob(withQuery(path, query), setProgress), fileName);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <Space orientation="vertical" size={4}>
      <Button icon={<DownloadOutlined />} loading={progress !== null} onClick={() => void run()}>
        {children}
      </Button>
      {progress !== null && progress > 0 && (
        <Progress percent={progress} size="small" style={{ width: 160 }} />
      )}
      {error && <ErrorAlert error={error} />}
    </Space>
  );
}
