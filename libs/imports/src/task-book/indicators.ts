import type { SourceTable } from '../tables';
import type { Finding, Indicator } from './model';
import { flat, textAt } from './segments';
import { parseTarget, splitCoded } from './target';

/** Whether a table's header is that of 1-6 项目支出绩效目标. */
export function looksLikeIndicators(table: SourceTable): boolean {
  const head = table.rows
    .slice(0, 3)
    .flat()
    .map((c) => flat(c.text));
  return head.includes('一级指标') && head.some((t) => t.startsWith('目标值') || t === '指标值');
}

/**
 * Reads 1-6 项目支出绩效目标: 一级 / 二级 columns (merged down), the 三级 column and 目标值.
 * A 三级 row without a target is a heading ("1.1.1 打造技术技能人才培养高地") for the rows under it.
 */
export function readIndicators(table: SourceTable, findings: Finding[]): Indicator[] {
  const rows = table.rows;
  let headerRow = rows.findIndex((row) => row.some((c) => flat(c.text) === '一级指标'));
  if (headerRow < 0) headerRow = 0;
  const header = rows[headerRow].map((c) => flat(c.text));
  const col = (name: string, fallback: number) => {
    const found = header.findIndex((t) => t === name || t.startsWith(name));
    return found >= 0 ? found : fallback;
  };
  const c1 = col('一级指标', 0);
  const c2 = col('二级指标', 1);
  const c3 = col('三级指标', 2);
  const cTarget = header.findIndex((t) => t.startsWith('目标值') || t === '指标值');

  const indicators: Indicator[] = [];
  let group: Indicator['group'];
  let groupOf = '';
  for (let r = headerRow + 1; r < rows.length; r++) {
    const row = rows[r];
    const text3 = textAt(row, c3);
    const targetText = textAt(row, cTarget);
    if (text3 === '' && targetText === '') continue;
    const level1 = splitCoded(textAt(row, c1));
    const level2 = splitCoded(textAt(row, c2));
    const three = splitCoded(text3);
    const ref = row[c3]?.ref ?? row[0].ref;
    if (text3 === '' || level1.name === '' || level2.name === '') {
      findings.push({
        kind: 'unrecognised-row',
        message: '这一行缺少一级、二级或三级指标，未读取。',
        ref,
        text: row
          .map((c) => c.text)
          .filter((t) => t !== '')
          .join(' | '),
      });
      continue;
    }
    const level2Key = `${level1.code}/${level2.code}/${level2.name}`;
    if (groupOf !== level2Key) {
      group = undefined;
      groupOf = level2Key;
    }
    if (targetText === '' || (row[cTarget]?.mergedFrom && targetText === text3)) {
      group = { code: three.code, name: three.name };
      continue;
    }
    if (three.code !== '' && level2.code !== '' && !three.code.startsWith(`${level2.code}.`))
      findings.push({
        kind: 'unrecognised-row',
        message: `三级指标编号 ${three.code} 不在二级指标 ${level2.code} 之下，已按所在行读取。`,
        ref,
        text: text3,
      });
    indicators.push({
      level1: { code: level1.code, name: level1.name },
      level2: { code: level2.code, name: level2.name },
      ...(group && three.code.startsWith(`${group.code}.`) ? { group } : {}),
      code: three.code,
      name: three.name,
      ...(three.unit ? { unit: three.unit } : {}),
      target: parseTarget(targetText),
      ref,
    });
  }
  return indicators;
}
