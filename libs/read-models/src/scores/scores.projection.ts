import type { IndicatorValueEvent, PlanEvent, SurveyEvent } from '@sg/domain';
import type { ProjectedEvent } from '@sg/event-store';
import type { Projection } from '../framework/projection';
import { forgetKeys, keyOf } from '../framework/keys';
import { statement } from '../framework/statement-cache';
import { BulkRows } from '../framework/bulk-rows';
import { insertLevel, itemVersions } from '../framework/plan-rows';

const VALUES_INSERT =
  'INSERT INTO sc_values (indicator, plan, position, effective_date, recorded_at, actual, explanation)';

/** A version row as an indicator is defined, revised or withdrawn. */
const indicatorVersions = itemVersions<
  Extract<PlanEvent, { type: 'IndicatorDefined' | 'IndicatorRevised' }>['data']
>({
  versions: 'sc_indicator_versions',
  items: 'sc_indicators',
  id: 'indicator_id',
  columns: ['name', 'target', 'rule'],
  versionOf: (d) => ({
    itemId: d.indicatorId,
    planId: d.planId,
    amendment: d.amendment,
    values: [d.name, JSON.stringify(d.target), JSON.stringify(d.rule)],
  }),
});

/** While `applyBatch` runs: the batch's values, written at its end (`apply` never reads them back). */
let batchValues: BulkRows | undefined;

/**
 * Levels, indicators and every recorded indicator value with its effective date, its recording
 * time and its log position, so that scores can be computed as of any cut-off and knowledge time.
 */
export const scoresProjection: Projection = {
  name: 'scores',
  tablePrefix: 'sc_',
  version: 6,
  migrate(db) {
    forgetKeys(db, 'sc_keys');
    db.exec(`
      CREATE TABLE IF NOT EXISTS sc_levels (
        level_id TEXT NOT NULL, plan_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, weight TEXT NOT NULL,
        seq INTEGER NOT NULL, PRIMARY KEY (plan_id, level_id));
      CREATE TABLE IF NOT EXISTS sc_indicators (
        indicator_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, level_id TEXT NOT NULL, subcategory TEXT NOT NULL,
        group_code TEXT NOT NULL, group_name TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
        points TEXT NOT NULL, target TEXT NOT NULL, rule TEXT NOT NULL, kind TEXT NOT NULL, feed TEXT, seq INTEGER NOT NULL,
        withdrawn INTEGER NOT NULL DEFAULT 0);
      -- Each version of an indicator (definition, revisions, withdrawal) with the date it takes effect
      -- and when it was recorded; one of the original plan has its first at '' and position 0.
      CREATE TABLE IF NOT EXISTS sc_indicator_versions (
        indicator_id TEXT NOT NULL, plan_id TEXT NOT NULL, position INTEGER NOT NULL, effective_date TEXT NOT NULL,
        recorded_at TEXT NOT NULL, name TEXT NOT NULL, target TEXT NOT NULL, rule TEXT NOT NULL,
        withdrawn INTEGER NOT NULL, PRIMARY KEY (indicator_id, position));
      CREATE INDEX IF NOT EXISTS sc_indicator_versions_by_plan ON sc_indicator_versions (plan_id, indicator_id);
      CREATE INDEX IF NOT EXISTS sc_indicators_by_plan ON sc_indicators (plan_id, seq);
      -- Indicator and plan ids as integer keys (keys.ts) where a row per value would repeat them.
      CREATE TABLE IF NOT EXISTS sc_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
      -- Keyed by log position alone (one value per event): a load appends at the end of the table.
      CREATE TABLE IF NOT EXISTS sc_values (
        position INTEGER PRIMARY KEY, indicator INTEGER NOT NULL, plan INTEGER NOT NULL, effective_date TEXT NOT NULL,
        recorded_at TEXT NOT NULL, actual TEXT NOT NULL, explanation TEXT);
      -- A plan's values in the order the standing value is chosen in, without a sort.
      CREATE INDEX IF NOT EXISTS sc_values_by_plan ON sc_values (plan, indicator, effective_date, position);
      CREATE TABLE IF NOT EXISTS sc_surveys (
        plan_id TEXT NOT NULL, level_id TEXT NOT NULL, respondents TEXT NOT NULL, sample_size INTEGER NOT NULL,
        satisfaction TEXT NOT NULL, effective_date TEXT NOT NULL, recorded_at TEXT NOT NULL, position INTEGER PRIMARY KEY);
    `);
  },
  applyBatch(db, events) {
    batchValues = new BulkRows(VALUES_INSERT, 7);
    try {
      for (const event of events) this.apply(db, event);
      batchValues.flush(db);
    } finally {
      batchValues = undefined;
    }
  },
  apply(db, recorded) {
    const event = recorded as ProjectedEvent & (PlanEvent | IndicatorValueEvent | SurveyEvent);
    switch (event.type) {
      case 'LevelAdded':
        insertLevel(db, 'sc_levels', recorded);
        return;
      case 'IndicatorDefined': {
        const d = event.data;
        statement(
          db,
          `INSERT INTO sc_indicators (indicator_id, plan_id, level_id, subcategory, group_code, group_name, code, name,
             points, target, rule, kind, feed, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          d.indicatorId,
          d.planId,
          d.levelId,
          d.subcategory,
          d.group.code,
          d.group.name,
          d.code,
          d.name,
          d.points,
          JSON.stringify(d.target),
          JSON.stringify(d.rule),
          d.kind ?? 'indicator',
          d.feed ? JSON.stringify(d.feed) : null,
          recorded.position,
        );
        indicatorVersions.insert(db, recorded, d);
        return;
      }
      case 'IndicatorRevised': {
        const d = event.data;
        statement(db, 'UPDATE sc_indicators SET name = ?, target = ?, rule = ? WHERE indicator_id = ?').run(
          d.name,
          JSON.stringify(d.target),
          JSON.stringify(d.rule),
          d.indicatorId,
        );
        indicatorVersions.insert(db, recorded, d);
        return;
      }
      case 'IndicatorWithdrawn': {
        const d = event.data;
        indicatorVersions.withdraw(db, recorded, d.amendment, d.indicatorId);
        statement(db, 'UPDATE sc_indicators SET withdrawn = 1 WHERE indicator_id = ?').run(d.indicatorId);
        return;
      }
      case 'PointsSchemeApplied': {
        const update = statement(db, 'UPDATE sc_indicators SET points = ?, rule = ? WHERE indicator_id = ?');
        for (const i of event.data.indicators) update.run(i.points, JSON.stringify(i.rule), i.indicatorId);
        return;
      }
      case 'IndicatorValueRecorded': {
        const d = event.data;
        const row = [
          keyOf(db, 'sc_keys', d.indicatorId),
          keyOf(db, 'sc_keys', d.planId),
          recorded.position,
          d.effectiveDate,
          recorded.metadata.time,
          JSON.stringify(d.actual),
          d.explanation ?? null,
        ];
        if (batchValues) batchValues.addRow(row);
        else statement(db, `${VALUES_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?)`).run(...row);
        return;
      }
      case 'SurveyRecorded': {
        const d = event.data;
        statement(
          db,
          `INSERT INTO sc_surveys (plan_id, level_id, respondents, sample_size, satisfaction, effective_date, recorded_at, position)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          d.planId,
          d.levelId,
          d.respondents,
          d.sampleSize,
          d.satisfaction,
          d.effectiveDate,
          recorded.metadata.time,
          recorded.position,
        );
        return;
      }
      case 'PlanCreated':
      case 'ProjectAdded':
      case 'FundSourcesConfigured':
      case 'ApprovalChainConfigured':
      case 'BudgetRecorded':
        return;
      default:
        return;
    }
  },
};
