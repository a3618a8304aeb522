import type { LiveScreen } from '@sg/contracts';
import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import type { ApiError } from '../../api/client';
import { openSnapshotStream, type StreamState } from '../../api/live';
import { useLocation } from '../../router';
import { useSession } from '../../session';

/** The display is laid out for 1920×1080 and scaled to whatever screen shows it. */
const WIDTH = 1920;
const HEIGHT = 1080;

const C = {
  background: 'radial-gradient(ellipse at top, #0d2a5c 0%, #061330 60%, #030a1c 100%)',
  panel: 'rgba(12, 36, 80, 0.72)',
  border: '#1d4e89',
  text: '#e6f0ff',
  muted: '#8fa8cc',
  accent: '#3fb6ff',
  good: '#36d399',
  grades: { 严重: '#ff4d4f', 中度: '#faad14', 轻度: '#e8d44d' } as Record<string, string>,
};

const STATE_TEXT: Record<StreamState, string> = {
  connecting: '正在连接…',
  live: '实时',
  reconnecting: '连接中断，正在重新连接…',
};

function useScale(): number {
  const fit = () => Math.min(window.innerWidth / WIDTH, window.innerHeight / HEIGHT);
  const [scale, setScale] = useState(fit);
  useEffect(() => {
    const onResize = () => setScale(fit());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}

function useClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** A rate as a bar width: '96.5%' → 96.5, capped to the bar. */
const width = (display: string) => Math.max(0, Math.min(100, Number.parseFloat(display) || 0));

function Panel({ title, children, style }: { title: string; children: ReactNode; style?: CSSProperties }) {
  return (
    <section
      style={{
        background: C.panel,
        border: `1px solid ${C.border}`,
        borderRadius: 8,
        padding: '14px 20px',
        display: 'flex',
        flexDirection: 'column',
        minHeight: 0,
        overflow: 'hidden',
        ...style,
      }}
    >
      <h2 style={{ margin: '0 0 10px', fontSize: 22, fontWeight: 600, color: C.accent, letterSpacing: 2 }}>
        {title}
      </h2>
      <div style={{ flex: 1, minHeight: 0, overflow: 'hidden' }}>{children}</div>
    </section>
  );
}

function Kpi({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: ReactNode;
  note?: ReactNode;
  testId: string;
}) {
  return (
    <div
      style={{
        flex: 1,
        background: C.panel,
        border: `1px solid ${C.border}`,
        borderRadius: 8,
        padding: '14px 20px',
        textAlign: 'center',
      }}
    >
      <div style={{ color: C.muted, fontSize: 20 }}>{label}</div>
      <div data-testid={testId} style={{ fontSize: 52, fontWeight: 700, color: C.text, lineHeight: 1.25 }}>
        {value}
      </div>
      {note && <div style={{ color: C.muted, fontSize: 17 }}>{note}</div>}
    </div>
  );
}

function Bar({
  label,
  display,
  strong,
  compact,
}: {
  label: string;
  display: string;
  strong?: boolean;
  compact?: boolean;
}) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12, margin: strong ? '8px 0' : '5px 0' }}>
      <div
        style={{
          width: strong ? 220 : compact ? 150 : 260,
          flexShrink: 0,
          fontSize: strong ? 20 : 17,
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          color: strong ? C.text : '#c8d8f0',
        }}
        title={label}
      >
        {label}
      </div>
      <div
        style={{ flex: 1, minWidth: 60, height: strong ? 18 : 10, background: '#0a1a3a', borderRadius: 9 }}
      >
        <div
          style={{
            width: `${width(display)}%`,
            height: '100%',
            borderRadius: 9,
            background: `linear-gradient(90deg, #1f6fd1, ${width(display) >= 100 ? C.good : C.accent})`,
            transition: 'width 0.8s ease',
          }}
        />
      </div>
      <div
        style={{
          width: 80,
          flexShrink: 0,
          textAlign: 'right',
          fontSize: strong ? 20 : 17,
          fontVariantNumeric: 'tabular-nums',
        }}
      >
        {display}
      </div>
    </div>
  );
}

const rowStyle: CSSProperties = {
  display: 'flex',
  gap: 12,
  padding: '7px 0',
  borderBottom: '1px solid rgba(29, 78, 137, 0.5)',
  fontSize: 18,
  alignItems: 'baseline',
};
const ellipsis: CSSProperties = {
  flex: 1,
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
};

function Empty({ text }: { text: string }) {
  return <div style={{ color: C.muted, fontSize: 18, padding: '12px 0' }}>{text}</div>;
}

/**
 * 数据大屏: a full-screen, dark display for the meeting room. It needs no interaction: the API
 * pushes a new snapshot whenever the figures change, and the stream reconnects by itself.
 */
export default function ScreenPage() {
  const { plan } = useSession();
  const [screen, setScreen] = useState<LiveScreen | null>(null);
  const [state, setState] = useState<StreamState>('connecting');
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [receivedAt, setReceivedAt] = useState<Date | null>(null);
  const scale = useScale();
  const now = useClock();
  const { search } = useLocation();
  // `/screen?plan=<id>` pins a display to one plan whatever the browser last selected.
  const planId = search.get('plan') ?? plan?.planId;
  const timeZone = screen?.timezone ?? 'Asia/Shanghai';

  useEffect(() => {
    if (!planId) return;
    setScreen(null);
    setFailure(null);
    return openSnapshotStream<LiveScreen>(`/api/plans/${planId}/live`, {
      onSnapshot: (snapshot) => {
        setScreen(snapshot);
        setReceivedAt(new Date());
      },
      onState: setState,
      onFailure: setFailure,
    });
  }, [planId]);

  const time = now.toLocaleTimeString('zh-CN', { hour12: false, timeZone });
  const projects = screen?.completion.levels.flatMap((l) => l.projects) ?? [];
  // Many projects: two columns, and as many rows as the panel holds.
  const columns = projects.length > 14 ? 2 : 1;

  return (
    <div
      data-testid="page-screen"
      style={{ position: 'fixed', inset: 0, background: '#030a1c', overflow: 'hidden', color: C.text }}
    >
      <div
        style={{
          width: WIDTH,
          height: HEIGHT,
          transform: `scale(${scale})`,
          transformOrigin: 'top left',
          background: C.background,
          fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
          display: 'flex',
          flexDirection: 'column',
          padding: '0 32px 24px',
          boxSizing: 'border-box',
          gap: 18,
        }}
      >
        <header
          style={{ height: 96, display: 'flex', alignItems: 'center', borderBottom: `2px solid ${C.border}` }}
        >
          <div style={{ flex: 1 }}>
            <h1 style={{ margin: 0, fontSize: 40, letterSpacing: 6, fontWeight: 700 }}>
              {screen ? `${screen.school}双高计划建设数据大屏` : '双高计划建设数据大屏'}
            </h1>
            <div style={{ color: C.muted, fontSize: 18 }}>{screen?.planName ?? plan?.name ?? ''}</div>
          </div>
          <div style={{ textAlign: 'right' }}>
            <div style={{ fontSize: 34, fontVariantNumeric: 'tabular-nums' }}>{time}</div>
            <div style={{ fontSize: 17, color: C.muted }}>
              <span
                data-testid="screen-status"
                style={{ color: state === 'live' ? C.good : C.grades['中度'] }}
              >
                ● {failure ? '已停止' : STATE_TEXT[state]}
              </span>
              {screen && (
                <span data-testid="screen-updated-at">
                  {'\u3000'}
                  {screen.today} · 数据更新于{' '}
                  {receivedAt?.toLocaleTimeString('zh-CN', { hour12: false, timeZone })}
                </span>
              )}
            </div>
          </div>
        </header>

        {!planId && <Empty text="暂无可查看的建设方案。" />}
        {failure && (
          <div role="alert" style={{ fontSize: 26, color: C.grades['严重'], padding: 24 }}>
            {failure.title}：{failure.detail}
          </div>
        )}
        {planId && !screen && !failure && <Empty text="正在加载数据…" />}

        {screen && (
          <>
            <div style={{ display: 'flex', gap: 18, height: 160 }}>
              <Kpi
                label="建设任务完成率"
                value={screen.completion.display.rate}
                note={`完成 ${screen.completion.display.completed} / ${screen.completion.display.total} 项`}
                testId="screen-completion-rate"
              />
              <Kpi
                label="加权总分"
                value={
                  <>
                    {screen.score.total}
                    <span style={{ fontSize: 28, marginLeft: 10, color: C.good }}>{screen.score.grade}</span>
                  </>
                }
                note="绩效指标得分与等级"
                testId="screen-score"
              />
              <Kpi
                label="进度预警"
                value={
                  <span style={{ color: screen.warnings.counts['严重'] > 0 ? C.grades['严重'] : C.text }}>
                    {screen.warnings.counts['严重'] +
                      screen.warnings.counts['中度'] +
                      screen.warnings.counts['轻度']}
                  </span>
                }
                note={`严重 ${screen.warnings.counts['严重']} · 中度 ${screen.warnings.counts['中度']} · 轻度 ${screen.warnings.counts['轻度']}`}
                testId="screen-warnings"
              />
              <Kpi
                label="资金到位率"
                value={screen.funds.arrivalRate}
                note={`到位 ${screen.funds.arrived} / 预算 ${screen.funds.budget} 万元`}
                testId="screen-arrival"
              />
              <Kpi
                label="资金执行率"
                value={screen.funds.executionRate}
                note={`支出 ${screen.funds.spent} 万元`}
                testId="screen-execution"
              />
              <Kpi
                label="本月审核通过"
                value={screen.approvals.count}
                note={`${Number(screen.approvals.month.slice(5))}月 · 份`}
                testId="screen-approvals"
              />
            </div>

            <div
              style={{
                flex: 1,
                display: 'grid',
                gridTemplateColumns: 'minmax(0, 1.35fr) minmax(0, 1fr) minmax(0, 1fr)',
                gap: 18,
                minHeight: 0,
              }}
            >
              <div style={{ display: 'flex', flexDirection: 'column', gap: 18, minHeight: 0, minWidth: 0 }}>
                <Panel title="各层面建设任务完成率">
                  {screen.completion.levels.map((level) => (
                    <Bar key={level.levelId} label={level.name} display={level.display.rate} strong />
                  ))}
                </Panel>
                <Panel title="各项目建设任务完成率" style={{ flex: 1 }}>
                  <div style={{ columnCount: columns, columnGap: 28, paddingRight: 4 }}>
                    {projects.map((project) => (
                      <div key={project.projectId} style={{ breakInside: 'avoid' }}>
                        <Bar
                          label={`${project.code} ${project.name}`}
                          display={project.display.rate}
                          compact={columns > 1}
                        />
                      </div>
                    ))}
                  </div>
                </Panel>
              </div>

              <div style={{ display: 'flex', flexDirection: 'column', gap: 18, minHeight: 0, minWidth: 0 }}>
                <Panel title="各层面得分">
                  {screen.score.levels.length === 0 && <Empty text="尚未定义绩效指标。" />}
                  {screen.score.levels.map((level) => (
                    <div key={level.levelId} style={rowStyle}>
                      <span style={ellipsis}>{level.name}</span>
                      <span style={{ fontSize: 24, fontWeight: 600 }}>{level.total}</span>
                      <span style={{ color: C.good, width: 40, textAlign: 'right' }}>{level.grade}</span>
                    </div>
                  ))}
                </Panel>
                <Panel title="进度预警（最严重的在前）" style={{ flex: 1 }}>
                  {screen.warnings.top.length === 0 && <Empty text="目前没有进度预警。" />}
                  {screen.warnings.top.map((w, i) => (
                    <div key={i} style={rowStyle}>
                      <span
                        style={{
                          color: '#061330',
                          background: C.grades[w.grade],
                          borderRadius: 4,
                          padding: '0 8px',
                          fontSize: 16,
                        }}
                      >
                        {w.grade}
                      </span>
                      <span style={ellipsis} title={`${w.project} · ${w.title}`}>
                        {w.title}
                        <span style={{ color: C.muted, fontSize: 15, marginLeft: 12 }}>{w.project}</span>
                      </span>
                      <span style={{ color: C.grades[w.grade] }}>落后 {w.gap}</span>
                    </div>
                  ))}
                </Panel>
              </div>

              <div style={{ display: 'flex', flexDirection: 'column', gap: 18, minHeight: 0, minWidth: 0 }}>
                <Panel
                  title={`标志性成果（共 ${screen.achievements.total} 项，国家级 ${screen.achievements.national} 项）`}
                  style={{ flex: 1 }}
                >
                  {screen.achievements.recent.length === 0 && <Empty text="尚未登记标志性成果。" />}
                  {screen.achievements.recent.map((a) => (
                    <div key={a.achievementId} style={rowStyle}>
                      <span style={{ color: a.tier === 'national' ? '#ffd666' : C.accent, fontSize: 16 }}>
                        {a.tier === 'national' ? '国家级' : '省级'}
                      </span>
                      <span style={ellipsis} title={a.title}>
                        {a.title}
                      </span>
                      <span style={{ color: C.muted, fontSize: 16 }}>{a.awardedOn}</span>
                    </div>
                  ))}
                </Panel>
                <Panel title={`本月审核通过（${screen.approvals.count} 份）`} style={{ flex: 1 }}>
                  {screen.approvals.recent.length === 0 && <Empty text="本月尚无审核通过的进展。" />}
                  <div data-testid="screen-approvals-list">
                    {screen.approvals.recent.map((a) => (
                      <div key={a.submissionId} style={rowStyle}>
                        <span style={ellipsis} title={`${a.task} · ${a.project}`}>
                          {a.task}
                          <span style={{ color: C.muted, fontSize: 15, marginLeft: 12 }}>{a.project}</span>
                        </span>
                        <span style={{ color: C.muted, fontSize: 16 }}>{a.approvedAt.slice(5)}</span>
                      </div>
                    ))}
                  </div>
                </Panel>
              </div>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
