import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Progress, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, fetchBlob, saveBlob, sessionToken } from '../../api/client';
import { BriefErrorAlert } from '../../components/ErrorAlert';
import { FileDragger } from '../../components/FileDragger';
import { usePlanImport } from './use-plan-import';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends the XLSX file itself as the body (the import route reads it whole), with upload progress. */
function sendWorkbook(file: File, onProgress: (p: number) => void): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/plan-imports');
    xhr.setRequestHeader('Content-Type', XLSX);
    xhr.setRequestHeader('Accept', 'application/json');
    const token = sessionToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(ApiError.network());
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as { id: string });
      else reject(ApiError.fromProblem(xhr.status, body));
    };
    xhr.send(file);
  });
}

/** 任务书 import: the template, the upload with progress, and every bad cell listed. */
export function ImportPanel() {
  const { error, setError, run, progress, setProgress, withProgress, created } = usePlanImport();
  const [downloading, setDownloading] = useState<number | null>(null);

  const template = () =>
    run(async () => {
      try {
        setDownloading(0);
        saveBlob(await fetchBlob('/api/plan-imports/template.xlsx', setDownloading), '任务书导入模板.xlsx');
      } finally {
        setDownloading(null);
      }
    });

  const importFile = (file: File) =>
    withProgress(async () => {
      const result = await sendWorkbook(file, setProgress);
      await created(result?.id);
    });

  return (
    <Card size="small" title="导入任务书（XLSX）">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>
          先下载模板，按模板填写层面、项目、建设任务（负责人填用户名）与年度任务分解，再上传。系统先检查每一个单元格：任何一处有误，整份文件都不会导入，并列出每个有误的单元格。
        </Typography.Paragraph>
        <Button icon={<DownloadOutlined />} onClick={() => void template()} loading={downloading !== null}>
          下载导入模板
        </Button>
        {downloading !== null && downloading > 0 && <Progress percent={downloading} size="small" />}
        <FileDragger
          accept={['.xlsx']}
          text="点击或将填好的任务书拖到此处"
          testId="import-dragger"
          onFile={(file) => void importFile(file)}
          onRefused={(file) =>
            setError(
              new ApiError(
                -1,
                'not-xlsx',
                '文件类型不对',
                `「${file.name}」不是 XLSX 文件，请按模板填写后上传。`,
              ),
            )
          }
        />
        {progress !== null && <Progress percent={progress} status="active" />}
        {error && error.errors.length > 0 ? (
          <>
            <BriefErrorAlert error={error} />
            <Table
              size="small"
              rowKey={(e, i) => `${e.sheet}!${e.cell}:${i}`}
              data-testid="import-errors"
              dataSource={error.errors}
              pagination={false}
              scroll={{ x: 480 }}
              columns={[
                { title: '工作表', dataIndex: 'sheet', width: 120 },
                { title: '单元格', dataIndex: 'cell', width: 90 },
                { title: '问题', dataIndex: 'message' },
              ]}
            />
          </>
        ) : (
          error && <BriefErrorAlert error={error} />
        )}
      </Space>
    </Card>
  );
}
