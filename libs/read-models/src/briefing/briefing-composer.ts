import { Exact, percentForDisplay, pointsForDisplay } from '@sg/domain';
import type Database from 'better-sqlite3';
import { AchievementQueries } from '../achievements/achievements.queries';
import { CompletionQueries } from '../completion/completion.queries';
import { earlyWarnings } from '../completion/warnings';
import { statement } from '../framework/statement-cache';
import { FundsQueries } from '../funds/funds.queries';
import { ScoreQueries } from '../scores/scores.queries';
import { SubmissionQueries } from '../submissions/submissions.projection';
import { daysBetween } from '@sg/domain';
import { NotificationQueries } from '../notifications/notifications.queries';
import { localDate } from '../notifications/notifications.projection';
import { FindingQueries } from '../rectification/rectification.queries';
import { FINDING_STATUS_LABELS, FINDING_STATUSES } from '@sg/contracts';

export interface BriefingPeriod {
  planId: string;
  /** YYYY-MM-DD, inclusive. */
  periodStart: string;
  /** YYYY-MM-DD, inclusive: the cut-off (截至) of every figure. */
  periodEnd: string;
}

export interface BriefingContent {
  title: string;
  markdown: string;
  html: string;
}

/** A section of the briefing: a paragraph and an optional table, rendered twice (Markdown, HTML). */
interface Section {
  heading: string;
  paragraphs: string[];
  table?: { columns: string[]; rows: string[][] };
}

const pct = (rate: string) => `${percentForDisplay(rate)}%`;

/** "提高 1.20 个百分点" / "下降 …" / "持平". */
function movement(now: string, before: string, unit: 'pp' | 'points'): string {
  const delta = new Exact(now).minus(before).times(unit === 'pp' ? 100 : 1);
  const shown = delta.abs().toDecimalPlaces(2, Exact.ROUND_HALF_UP).toFixed(2);
  if (shown === '0.00') return '持平';
  return `${delta.isPositive() ? '提高' : '下降'} ${shown} ${unit === 'pp' ? '个百分点' : '分'}`;
}

/** A table row per level of `now`, beside the same level of `before` (undefined where it had none). */
function levelRows<L extends { levelId: string }>(
  now: readonly L[],
  before: readonly L[],
  row: (level: L, prior: L | undefined) => string[],
): string[][] {
  return now.map((level) =>
    row(
      level,
      before.find((l) => l.levelId === level.levelId),
    ),
  );
}

const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

function periodLabel(start: string, end: string): string {
  const [y, m] = start.split('-');
  const lastOfMonth = dayBefore(new Date(Date.UTC(Number(y), Number(m), 1)).toISOString().slice(0, 10));
  return start.endsWith('-01') && end === lastOfMonth && start.slice(0, 7) === end.slice(0, 7)
    ? `${Number(y)}年${Number(m)}月`
    : `${start} 至 ${end}`;
}

/**
 * The 双高简报 for one period, from the read models alone: a pure function of the database it is
 * given and the period, so the same log always composes the same bytes.
 */
export function composeBriefing(db: Database.Database, period: BriefingPeriod): BriefingContent {
  const { planId, periodStart, periodEnd } = period;
  const previousEnd = dayBefore(periodStart);
  const plan = statement<[string], { name: string; school: string }>(
    db,
    'SELECT name, school FROM cp_plans WHERE plan_id = ?',
  ).get(planId);
  const school = plan?.school ?? '';
  const title = `${school}双高简报（${periodLabel(periodStart, periodEnd)}）`;
  const now = { cutoff: periodEnd };
  const before = { cutoff: previousEnd };

  const completion = new CompletionQueries(db);
  const current = completion.planCompletion(planId, now);
  const previous = completion.planCompletion(planId, before);
  const dueNow = completion.planCompletion(planId, now, { basis: 'due', dueBy: periodEnd });
  const scores = new ScoreQueries(db);
  const scoreNow = scores.report(planId, now);
  const scoreBefore = scores.report(planId, before);
  const achievements = new AchievementQueries(db)
    .byLevel(planId, now)
    .levels.flatMap((l) => l.achievements)
    .filter((a) => a.awardedOn >= periodStart && a.awardedOn <= periodEnd);
  const levelName = new Map(current.levels.map((l) => [l.levelId, l.name]));
  const warnings = earlyWarnings(db, planId, now, periodEnd);
  const funds = new FundsQueries(db).funds(planId, now);
  const open = new SubmissionQueries(db).open(planId);
  const waiting = open.filter((s) => s.status === 'under-review');
  const rejected = open.filter((s) => s.status === 'rejected');
  // Days are counted in the plan's calendar, as the period's dates are.
  const { timezone } = new NotificationQueries(db).settings(planId).settings;
  const oldestWait =
    waiting.length === 0
      ? 0
      : Math.max(...waiting.map((s) => daysBetween(localDate(s.waitingSince, timezone), periodEnd)));

  const sections: Section[] = [
    {
      heading: '一、建设任务总体进展',
      paragraphs: [
        `截至 ${periodEnd}，${plan?.name ?? '建设方案'}共 ${current.total} 项建设任务，总体完成率 ${pct(current.rate)}，` +
          `较上期（截至 ${previousEnd}）${movement(current.rate, previous.rate, 'pp')}；` +
          `完全完成 ${current.fullyDone} 项，其中超额完成 ${current.overCompleted} 项（口径：全部任务）。`,
        `按截至当期应完成任务口径（完成期限不晚于 ${periodEnd}）：应完成 ${dueNow.total} 项，完成率 ${pct(dueNow.rate)}。`,
      ],
      table: {
        columns: ['建设层级', '任务数', '完成率', '较上期'],
        rows: levelRows(current.levels, previous.levels, (level, prior) => [
          level.name,
          String(level.total),
          pct(level.rate),
          movement(level.rate, prior?.rate ?? '0', 'pp'),
        ]),
      },
    },
    {
      heading: '二、绩效指标得分',
      paragraphs: [
        `加权总分 ${pointsForDisplay(scoreNow.total)} 分（${scoreNow.grade}），较上期${movement(scoreNow.total, scoreBefore.total, 'points')}。`,
      ],
      table: {
        columns: ['建设层级', '权重', '得分', '等级', '较上期'],
        rows: levelRows(scoreNow.levels, scoreBefore.levels, (level, prior) => [
          level.name,
          pct(level.weight),
          pointsForDisplay(level.total),
          level.grade,
          movement(level.total, prior?.total ?? '0', 'points'),
        ]),
      },
    },
    {
      heading: '三、本期新增标志性成果',
      paragraphs: [
        achievements.length === 0
          ? '本期无新增标志性成果。'
          : `本期新增标志性成果 ${achievements.length} 项，其中国家级 ${achievements.filter((a) => a.tier === 'national').length} 项。`,
      ],
      table:
        achievements.length === 0
          ? undefined
          : {
              columns: ['成果', '级别', '所属层级', '获得日期'],
              rows: achievements.map((a) => [
                a.title,
                a.tier === 'national' ? '国家级' : '省级',
                levelName.get(a.levelId) ?? '',
                a.awardedOn,
              ]),
            },
    },
    {
      heading: '四、进度预警',
      paragraphs: [
        warnings.length === 0
          ? '本期无进度预警。'
          : `共 ${warnings.length} 项预警：严重 ${warnings.filter((w) => w.grade === '严重').length} 项、` +
            `中度 ${warnings.filter((w) => w.grade === '中度').length} 项、轻度 ${warnings.filter((w) => w.grade === '轻度').length} 项。` +
            (warnings.length > 10 ? '下表列出最严重的 10 项。' : ''),
      ],
      table:
        warnings.length === 0
          ? undefined
          : {
              columns: ['等级', '项目', '任务', '应完成', '实际完成', '差距'],
              rows: warnings
                .slice(0, 10)
                .map((w) => [
                  w.grade,
                  `${w.projectCode} ${w.projectName}`,
                  w.title ?? '（项目整体）',
                  pct(w.expected),
                  pct(w.actual),
                  pct(w.gap),
                ]),
            },
    },
    {
      heading: '五、经费执行',
      paragraphs: [
        `预算 ${funds.budget} 万元，到位 ${funds.arrived} 万元（到位率 ${pct(funds.arrivalRate)}），` +
          `支出 ${funds.spent} 万元（执行率 ${pct(funds.executionRate)}）。`,
      ],
      table: {
        columns: ['经费来源', '预算（万元）', '到位率', '执行率'],
        rows: funds.bySource.map((s) => [s.source, s.budget, pct(s.arrivalRate), pct(s.executionRate)]),
      },
    },
    {
      heading: '六、审核积压',
      paragraphs: [
        waiting.length === 0 && rejected.length === 0
          ? '目前没有待审核或被退回待重新提交的材料。'
          : `待审核 ${waiting.length} 份${waiting.length > 0 ? `，最长已等待 ${oldestWait} 天` : ''}；` +
            `被退回尚未重新提交 ${rejected.length} 份。`,
      ],
    },
  ];
  // Overdue is judged at the period's end; a plan with no findings keeps the briefing as it was.
  const rectification = new FindingQueries(db).progress(planId, periodEnd);
  if (rectification.total > 0) {
    sections.push({
      heading: '七、整改进展',
      paragraphs: [
        `整改问题共 ${rectification.total} 个，已销号 ${rectification.byStatus.closed} 个（销号率 ${pct(rectification.closedRate)}），` +
          `逾期未销号 ${rectification.overdue} 个。`,
      ],
      table: {
        columns: FINDING_STATUSES.map((s) => FINDING_STATUS_LABELS[s]),
        rows: [FINDING_STATUSES.map((s) => String(rectification.byStatus[s]))],
      },
    });
  }
  return {
    title,
    markdown: toMarkdown(title, periodStart, periodEnd, sections),
    html: toHtml(title, periodStart, periodEnd, sections),
  };
}

const mdCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function toMarkdown(title: string, start: string, end: string, sections: Section[]): string {
  const lines = [`# ${title}`, '', `统计期间：${start} 至 ${end}`, ''];
  for (const section of sections) {
    lines.push(`## ${section.heading}`, '', ...section.paragraphs.flatMap((p) => [p, '']));
    if (section.table) {
      lines.push(`| ${section.table.columns.map(mdCell).join(' | ')} |`);
      lines.push(`| ${section.table.columns.map(() => '---').join(' | ')} |`);
      for (const row of section.table.rows) lines.push(`| ${row.map(mdCell).join(' | ')} |`);
      lines.push('');
    }
  }
  lines.push(
    '（本简报由双高计划建设管理平台根据截至统计期末的填报与审核数据自动生成，经项目办审核后发布。）',
    '',
  );
  return lines.join('\n');
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

function toHtml(title: string, start: string, end: string, sections: Section[]): string {
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:"PingFang SC","Microsoft YaHei",sans-serif;max-width:860px;margin:24px auto;padding:0 16px;color:#1f1f1f;line-height:1.7}' +
      'h1{color:#a8071a;text-align:center;font-size:24px}h2{border-left:4px solid #a8071a;padding-left:8px;font-size:18px}' +
      'table{border-collapse:collapse;width:100%;margin:8px 0 16px}th,td{border:1px solid #d9d9d9;padding:4px 8px;text-align:left}' +
      'th{background:#fafafa}.period{text-align:center;color:#595959}.note{color:#8c8c8c;font-size:12px}</style>',
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="period">统计期间：${escapeHtml(start)} 至 ${escapeHtml(end)}</p>`,
  ];
  for (const section of sections) {
    parts.push(`<h2>${escapeHtml(section.heading)}</h2>`);
    for (const p of section.paragraphs) parts.push(`<p>${escapeHtml(p)}</p>`);
    if (section.table) {
      parts.push(
        '<table><thead><tr>' +
          section.table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('') +
          '</tr></thead><tbody>',
      );
      for (const row of section.table.rows) {
        parts.push('<tr>' + row.map((c) => `<td>${escapeHtml(c)}</td>`).join('') + '</tr>');
      }
      parts.push('</tbody></table>');
    }
  }
  parts.push(
    '<p class="note">本简报由双高计划建设管理平台根据截至统计期末的填报与审核数据自动生成，经项目办审核后发布。</p>',
    '</body></html>',
    '',
  );
  return parts.join('\n');
}
