import { DownloadOutlined, EyeOutlined, FileOutlined } from '@ant-design/icons';
import { Alert, Button, List, Progress, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { asApiError, fetchBlob, saveBlob, type ApiError } from '../api/client';
import type { EvidenceRef } from '@sg/contracts';
import { ErrorAlert } from './ErrorAlert';

const previewable = (name: string) => /\.(pdf|png|jpe?g)$/i.test(name);

/** One evidence file: PDF and images shown in the page, Office files downloaded. */
function EvidenceItem({ file, open }: { file: EvidenceRef; open: boolean }) {
  const [shown, setShown] = useState(open && previewable(file.name));
  const [url, setUrl] = useState<{ href: string; type: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [progress, setProgress] = useState<number | null>(null);

  useEffect(() => {
    if (!shown || url) return;
    let live = true;
    fetchBlob(`/api/evidence/${file.evidenceId}`, setProgress).then(
      (blob) => live && setUrl({ href: URL.createObjectURL(blob), type: blob.type }),
      (e: unknown) => live && setError(asApiError(e)),
    );
    return () => {
      live = false;
    };
  }, [shown, url, file.evidenceId]);

  useEffect(() => () => void (url && URL.revokeObjectURL(url.href)), [url]);

  const download = async () => {
    setError(null);
    try {
      saveBlob(await fetchBlob(`/api/evidence/${file.evidenceId}`, setProgress), file.name);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setProgress(null);
    }
  };

  return (
    <List.Item style={{ display: 'block' }} data-testid="evidence-item">
      <Space wrap>
        <FileOutlined />
        <Typography.Text>{file.name}</Typography.Text>
        {previewable(file.name) && !shown && (
          <Button size="small" icon={<EyeOutlined />} onClick={() => setShown(true)}>
            在页面中查看
          </Button>
        )}
        <Button size="small" icon={<DownloadOutlined />} onClick={() => void download()}>
          下载
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: file.sha256 }}>
          校验值 {file.sha256.slice(0, 12)}…
        </Typography.Text>
      </Space>
      {progress !== null && progress < 100 && <Progress percent={progress} size="small" />}
      {error && <ErrorAlert error={error} />}
      {shown && url && url.type.startsWith('image/') && (
        <img
          src={url.href}
          alt={file.name}
          data-testid="evidence-image"
          style={{
            display: 'block',
            maxWidth: '100%',
            maxHeight: 480,
            marginTop: 8,
            border: '1px solid #eee',
          }}
        />
      )}
      {shown && url && url.type === 'application/pdf' && (
        <iframe
          title={file.name}
          src={url.href}
          data-testid="evidence-pdf"
          style={{ display: 'block', width: '100%', height: 480, marginTop: 8, border: '1px solid #eee' }}
        />
      )}
      {shown && url && !url.type.startsWith('image/') && url.type !== 'application/pdf' && (
        <Alert type="info" title="该文件类型不能在页面中预览，请下载后查看。" />
      )}
    </List.Item>
  );
}

export function EvidenceList({ files, open = false }: { files: EvidenceRef[]; open?: boolean }) {
  if (files.length === 0) return <Typography.Text type="secondary">未附佐证材料</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={files}
      renderItem={(file) => <EvidenceItem key={file.evidenceId} file={file} open={open} />}
    />
  );
}
