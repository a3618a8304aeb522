import type { Comparator, Target } from './model';

const COMPARATORS: Record<string, Comparator> = {
  '≥': '>=',
  '≧': '>=',
  '>=': '>=',
  '＞=': '>=',
  '>': '>',
  '＞': '>',
  '≤': '<=',
  '≦': '<=',
  '<=': '<=',
  '＜=': '<=',
  '<': '<',
  '＜': '<',
  '=': '=',
  '＝': '=',
};

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const SIGNED = new RegExp(String.raw`^(≥|≧|>=|＞=|>|＞|≤|≦|<=|＜=|<|＜|=|＝)?\s*${NUMBER}\s*(.*)$`);
const RANGE = new RegExp(String.raw`^${NUMBER}\s*[-－~～至]\s*${NUMBER}\s*(.*)$`);
// A unit is short and has no sentence in it: "项", "%", "人次", "万人日", "G/人", "Gbps".
const UNIT = /^[^\s，。；,;]{0,6}$/;

/** Parses a 目标值 as printed: "≥7 项", "100 %", "1-2 支", "≤5%", or qualitative text. */
export function parseTarget(printed: string): Target {
  const text = printed.replace(/\s+/g, ' ').trim();
  const compact = text.replace(/％/g, '%');
  const range = RANGE.exec(compact);
  if (range && UNIT.test(range[3].trim()))
    return { kind: 'range', min: range[1], max: range[2], unit: range[3].trim(), text };
  const signed = SIGNED.exec(compact);
  if (signed && UNIT.test(signed[3].trim()))
    return {
      kind: 'numeric',
      comparator: signed[1] ? COMPARATORS[signed[1]] : null,
      value: signed[2],
      unit: signed[3].trim(),
      text,
    };
  return { kind: 'qualitative', text };
}

/** Splits "1.1.1.1 思政课程建设项目 （项）" into code, name and unit. */
export function splitCoded(text: string): { code: string; name: string; unit?: string } {
  const flat = text.replace(/\s+/g, ' ').trim();
  const match = /^(\d+(?:\.\d+)*)\s*[.．、]?\s*(.*)$/.exec(flat);
  const code = match && match[2] !== '' ? match[1] : '';
  let name = match && match[2] !== '' ? match[2] : flat;
  let unit: string | undefined;
  const tail = /\s*[（(]([^（）()]{1,8})[)）]$/.exec(name);
  if (tail && tail.index > 0) {
    unit = tail[1].trim();
    name = name.slice(0, tail.index).trim();
  }
  return { code, name, unit };
}
