import { dateIn } from '../../libs/application/src';
import { enterFinding } from '../api-harness';
import { expectCount, PHONE, settled, webSuite } from './browser';

jest.setTimeout(180_000);

const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** 整改看板: findings in columns by state, filtered, opened and closed by the office from the page. */
describe('web UI: the 整改 board', () => {
  const web = webSuite();
  let planId: string;

  beforeAll(async () => {
    const plan = await web.api.createPlan({ startYear: 2019, endYear: 2030 });
    planId = plan.planId;
    const { userId: teacherId, client: teacher } = await web.api.createUser('li.laoshi');
    const taskId = await web.api.defineTask(plan, teacherId, { title: '课程思政示范课建设' });
    const evidenceId = await web.api.uploadEvidence(teacher, taskId, '听课记录.pdf');
    const today = dateIn(new Date(), 'Asia/Shanghai');
    const finding = (title: string, source: string, severity: string) =>
      enterFinding(web.api.admin, planId, taskId, {
        source,
        severity,
        title,
        description: `${title}，需整改。`,
      });
    await finding('资金执行进度偏慢', 'ministry', 'medium');
    const overdue = await finding('标志性成果佐证不足', 'expert', 'high');
    await web.api.admin
      .post(`/api/findings/${overdue}/assign`)
      .send({ assignee: teacherId, deadline: shift(today, -5) })
      .expect(201);
    const inReview = await finding('课程思政听课记录缺失', 'self-check', 'low');
    await web.api.admin
      .post(`/api/findings/${inReview}/assign`)
      .send({ assignee: teacherId, deadline: shift(today, 30) })
      .expect(201);
    await teacher
      .post(`/api/findings/${inReview}/rectifications`)
      .send({ narrative: '已补齐本学期全部听课记录。', evidenceIds: [evidenceId] })
      .expect(201);
    await web.api.settled();
  });

  it('shows findings in columns by state, filters the overdue ones, and lets the office close one', async () => {
    const session = await web.open('admin', '整改');
    const { page } = session;
    const column = (status: string) => page.getByTestId(`column-${status}`).getByTestId('finding-card');
    await expectCount(column('entered'), 1);
    await expectCount(column('assigned'), 1);
    await expectCount(column('in-review'), 1);
    await expect(page.getByTestId('rectification-progress').innerText()).resolves.toContain('逾期未销号');
    await session.shoot('rectification-board');

    await page.getByTestId('filter-overdue').click();
    await settled(page);
    await expectCount(page.getByTestId('finding-card'), 1);
    await expect(page.getByTestId('finding-card').innerText()).resolves.toContain('标志性成果佐证不足');
    await page.getByTestId('filter-overdue').click();
    await settled(page);

    await column('in-review').first().click();
    const drawer = page.getByTestId('finding-drawer');
    await drawer.getByText('已补齐本学期全部听课记录。').waitFor();
    await drawer.getByPlaceholder('审核意见 / 退回原因').fill('记录齐全，同意销号');
    await drawer.getByRole('button', { name: '审核通过并销号' }).click();
    await drawer.getByText('审核通过（销号）：记录齐全，同意销号').waitFor();
    await column('closed').first().waitFor();
    await settled(page);
    await expectCount(column('closed'), 1);
    await expectCount(column('in-review'), 0);
    await session.expectChinese(['li.laoshi']);
    await session.close();

    // The dashboard shows the progress too.
    const phone = await web.open('admin', '总览', PHONE);
    await expect(phone.page.getByTestId('rectification-summary').innerText()).resolves.toMatch(
      /整改问题 3 个.*已销号 1.*逾期未销号 1 个/,
    );
    await phone.open('整改');
    await phone.page.getByTestId('rectification-board').waitFor();
    await phone.shoot('rectification-board', false);
    await phone.close();
  });
});
