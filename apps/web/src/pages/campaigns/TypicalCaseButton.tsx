import { App, Button, Input, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { TypicalCaseView } from '@sg/contracts';
import { api, asApiError, type ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';

/** 典型案例 of a 省级及以上 标志性成果, written by who achieved it (at least 1000 characters). */
export function TypicalCaseButton({
  campaignId,
  item,
  onSaved,
}: {
  campaignId: string;
  item: TypicalCaseView;
  onSaved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(item.title ?? '');
  const [count, setCount] = useState(item.characters);
  const editor = useRef<HTMLDivElement | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const { message } = App.useApp();
  const save = async () => {
    setError(null);
    try {
      await api(`/api/campaigns/${campaignId}/typical-cases/${item.achievementId}`, {
        method: 'PUT',
        body: { title, html: editor.current?.innerHTML ?? '' },
      });
      message.success('典型案例已保存');
      setOpen(false);
      onSaved();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {item.written ? '修改典型案例' : '撰写典型案例'}
      </Button>
      <Modal
        open={open}
        title={`典型案例：${item.achievement}`}
        onCancel={() => setOpen(false)}
        onOk={() => void save()}
        okText="保存"
        cancelText="取消"
        width={720}
      >
        {error && <ErrorAlert error={error} />}
        <Input
          placeholder="案例标题"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          style={{ marginBottom: 8 }}
        />
        <div
          ref={(el) => {
            editor.current = el;
            if (el && el.dataset.loaded !== 'yes') {
              el.innerHTML = item.html ?? '';
              el.dataset.loaded = 'yes';
            }
          }}
          contentEditable
          suppressContentEditableWarning
          aria-label="案例正文"
          onInput={(e) => setCount((e.currentTarget.textContent ?? '').replace(/\s/g, '').length)}
          style={{ minHeight: 200, border: '1px solid #d9d9d9', borderRadius: 6, padding: 8 }}
        />
        <Typography.Text type={count >= 1000 ? 'success' : 'secondary'}>
          已写 {count} 字（不少于 1000 字）
        </Typography.Text>
      </Modal>
    </>
  );
}
