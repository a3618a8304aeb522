import { Button, Space, Typography } from 'antd';
import { useRef } from 'react';
import type { CampaignFigureBlock } from '@sg/contracts';
import { BLOCK_NAMES } from './campaign-parts';

/** In the editor a figure block is a marker; it prints its figures once saved and shown. */
export const EDITOR_CSS = Object.entries(BLOCK_NAMES)
  .map(
    ([block, name]) =>
      `.report-editor div[data-sg-block="${block}"]::before{content:"［数据块：${name}，按统计截止日期计算］";color:#1f4e96;background:#f0f5ff;display:block;padding:4px 8px;border-radius:4px;margin:4px 0}`,
  )
  .join('');

/** A contentEditable section: paste from Word keeps headings, lists and tables (cleaned on save). */
export function SectionEditor({
  name,
  initial,
  editorRef,
}: {
  name: string;
  initial: string;
  editorRef: (el: HTMLDivElement | null) => void;
}) {
  const command = (cmd: string, value?: string) => document.execCommand(cmd, false, value);
  const local = useRef<HTMLDivElement | null>(null);
  const insertBlock = (block: CampaignFigureBlock) => {
    local.current?.focus();
    command('insertHTML', `<div data-sg-block="${block}"></div><p><br></p>`);
  };
  return (
    <div style={{ marginBottom: 16 }}>
      <style>{EDITOR_CSS}</style>
      <Typography.Title level={5}>{name}</Typography.Title>
      <Space wrap size={4} style={{ marginBottom: 4 }}>
        <Button size="small" onClick={() => command('formatBlock', 'h3')}>
          小标题
        </Button>
        <Button size="small" onClick={() => command('bold')}>
          加粗
        </Button>
        <Button size="small" onClick={() => command('insertOrderedList')}>
          编号列表
        </Button>
        <Button size="small" onClick={() => command('insertUnorderedList')}>
          项目符号
        </Button>
        {(Object.keys(BLOCK_NAMES) as CampaignFigureBlock[]).map((b) => (
          <Button key={b} size="small" onClick={() => insertBlock(b)}>
            插入数据：{BLOCK_NAMES[b]}
          </Button>
        ))}
      </Space>
      <div
        ref={(el) => {
          local.current = el;
          editorRef(el);
          if (el && el.dataset.loaded !== 'yes') {
            el.innerHTML = initial;
            el.dataset.loaded = 'yes';
          }
        }}
        contentEditable
        suppressContentEditableWarning
        aria-label={name}
        className="report-editor"
        style={{
          minHeight: 96,
          border: '1px solid #d9d9d9',
          borderRadius: 6,
          padding: 8,
          background: '#fff',
        }}
      />
    </div>
  );
}
