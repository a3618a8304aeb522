import { InboxOutlined } from '@ant-design/icons';
import { Upload } from 'antd';

/**
 * A drop zone for one file, which the page reads itself (the dragger uploads nothing). With
 * `onRefused`, a file whose name ends in none of the `accept` extensions goes there and is not read.
 */
export function FileDragger({
  accept,
  text,
  onFile,
  onRefused,
  disabled,
  testId,
}: {
  accept: string[];
  text: string;
  onFile: (file: File) => void;
  onRefused?: (file: File) => void;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <Upload.Dragger
      accept={accept.join(',')}
      showUploadList={false}
      disabled={disabled}
      data-testid={testId}
      beforeUpload={(file) => {
        if (onRefused && !accept.some((ext) => file.name.toLowerCase().endsWith(ext))) {
          onRefused(file);
          return Upload.LIST_IGNORE;
        }
        onFile(file);
        return false;
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{text}</p>
    </Upload.Dragger>
  );
}
