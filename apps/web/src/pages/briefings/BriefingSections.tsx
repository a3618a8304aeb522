import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Image, Input, Space, Typography } from 'antd';
import type { Briefing } from '@sg/contracts';
import { useEffect, useRef, useState } from 'react';
import { api, asApiError, fetchBlob, upload } from '../../api/client';
import { useAction } from '../../components/use-action';
import { ErrorAlert } from '../../components/ErrorAlert';

const SECTIONS = [
  { kind: 'work-news', title: '工作动态' },
  { kind: 'typical-cases', title: '典型案例' },
] as const;
type Kind = (typeof SECTIONS)[number]['kind'];

/** A photo of the issue, fetched with the session (an <img> cannot send it) and shown from a blob: URL. */
function Photo({ briefingId, photoId, name }: { briefingId: string; photoId: string; name: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let revoked = false;
    let created: string | null = null;
    void fetchBlob(`/api/briefings/${briefingId}/photos/${photoId}`)
      .then((blob) => {
        if (revoked) return;
        created = URL.createObjectURL(blob);
        setUrl(created);
      })
      .catch(() => undefined);
    return () => {
      revoked = true;
      if (created) URL.revokeObjectURL(created);
    };
  }, [briefingId, photoId]);
  return url ? (
    <Image src={url} alt={name} width={160} height={120} style={{ objectFit: 'cover' }} />
  ) : (
    <div style={{ width: 160, height: 120, background: '#f5f5f5' }} aria-label={name} />
  );
}

/** One section: the office edits it while the issue is a draft; everyone else reads it once published. */
function SectionEditor({
  briefing,
  kind,
  title,
  editable,
  onSaved,
}: {
  briefing: Briefing;
  kind: Kind;
  title: string;
  editable: boolean;
  onSaved: () => void;
}) {
  const saved = briefing.sections.find((s) => s.kind === kind);
  const [text, setText] = useState(saved?.text ?? '');
  const [photoIds, setPhotoIds] = useState<string[]>(saved?.photoIds ?? []);
  const { busy, error, setError, run } = useAction();
  const [progress, setProgress] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const { message } = App.useApp();
  const nameOf = (id: string) => briefing.photos.find((p) => p.photoId === id)?.name ?? '照片';

  if (!editable) {
    if (!saved) return null;
    return (
      <section data-testid={`briefing-section-${kind}`} style={{ marginTop: 16 }}>
        <Typography.Title level={5}>{title}</Typography.Title>
        {saved.text.split('\n').map((line, i) => (
          <Typography.Paragraph key={i}>{line}</Typography.Paragraph>
        ))}
        <Space wrap>
          {saved.photoIds.map((id) => (
            <Photo key={id} briefingId={briefing.id} photoId={id} name={nameOf(id)} />
          ))}
        </Space>
      </section>
    );
  }

  const addPhoto = async (file: File) => {
    setError(null);
    setProgress(0);
    try {
      const added = await upload<{ id: string }>(`/api/briefings/${briefing.id}/photos`, file, setProgress);
      // Part of the section once it is saved.
      setPhotoIds((ids) => [...ids, added.id]);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setProgress(null);
    }
  };

  const save = () =>
    run(async () => {
      await api(`/api/briefings/${briefing.id}/sections/${kind}`, {
        method: 'PUT',
        body: { text, photoIds },
      });
      message.success(`「${title}」已保存`);
      onSaved();
    });

  return (
    <section data-testid={`briefing-section-${kind}`} style={{ marginTop: 16 }}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {error && <ErrorAlert error={error} />}
      <Input.TextArea
        aria-label={title}
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 3, maxRows: 12 }}
        showCount
        maxLength={5000}
        placeholder={kind === 'work-news' ? '本期的会议、活动、进展……' : '值得推广的做法与成效……'}
      />
      <Space wrap style={{ marginTop: 8 }}>
        {photoIds.map((id) => (
          <div key={id} style={{ position: 'relative' }}>
            <Photo briefingId={briefing.id} photoId={id} name={nameOf(id)} />
            <Button size="small" onClick={() => setPhotoIds((ids) => ids.filter((x) => x !== id))}>
              移除
            </Button>
          </div>
        ))}
      </Space>
      <Space wrap style={{ marginTop: 8 }}>
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg"
          aria-label={`${title}照片`}
          style={{ display: 'none' }}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void addPhoto(file);
          }}
        />
        <Button icon={<UploadOutlined />} loading={progress !== null} onClick={() => input.current?.click()}>
          {progress !== null ? `上传中 ${progress}%` : '添加照片'}
        </Button>
        <Button type="primary" loading={busy} onClick={() => void save()}>
          保存「{title}」
        </Button>
      </Space>
    </section>
  );
}

/** 工作动态 and 典型案例 beside the generated figures. */
export function BriefingSections({
  briefing,
  office,
  onSaved,
}: {
  briefing: Briefing;
  office: boolean;
  onSaved: () => void;
}) {
  const editable = office && briefing.status === 'draft';
  if (!editable && briefing.sections.length === 0) return null;
  return (
    <div data-testid="briefing-sections">
      {editable && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          以下栏目由项目办编写，与上方自动生成的数据一同发布；审核通过后不能再修改。
        </Typography.Paragraph>
      )}
      {SECTIONS.map((s) => (
        <SectionEditor
          key={`${briefing.id}-${s.kind}`}
          briefing={briefing}
          kind={s.kind}
          title={s.title}
          editable={editable}
          onSaved={onSaved}
        />
      ))}
    </div>
  );
}
