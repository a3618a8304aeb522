import { Tabs } from 'antd';
import { NoPlan, PageHeader } from '../../components/Page';
import { useSession } from '../../session';
import { FactsPanel } from '../facts/FactsPanel';
import { AmendmentsPanel } from './AmendmentsPanel';
import { ApprovalChainForm } from './ApprovalChainForm';
import { CreateForms } from './CreateForms';
import { ImportPanel } from './ImportPanel';
import { PeoplePanel } from './PeoplePanel';
import { PlanTree } from './PlanTree';
import { TaskBookImportPanel } from './TaskBookImportPanel';
import { UsersPanel } from './UsersPanel';

/** 方案管理: the plan tree, new entries, the 任务书 import, approval chains, users and role grants. */
export default function PlanAdminPage() {
  const { plan, can } = useSession();
  const manages = plan ? can.officeOf(plan.planId) : false;
  return (
    <div data-testid="page-plan">
      <PageHeader title="方案管理" />
      <Tabs
        items={[
          {
            key: 'tree',
            label: '方案结构',
            children: plan ? <PlanTree planId={plan.planId} /> : <NoPlan />,
          },
          ...(plan && manages
            ? [
                { key: 'create', label: '新建', children: <CreateForms planId={plan.planId} /> },
                { key: 'chains', label: '审核流程', children: <ApprovalChainForm planId={plan.planId} /> },
                { key: 'amendments', label: '任务调整', children: <AmendmentsPanel planId={plan.planId} /> },
                // The plan's people and the school's departments: every office of the plan (ADR 0026).
                { key: 'people', label: '人员与部门', children: <PeoplePanel planId={plan.planId} /> },
                // Funds, surveys, indicator values and reminder settings: the API's plan.manage.
                { key: 'facts', label: '数据填报', children: <FactsPanel planId={plan.planId} /> },
              ]
            : []),
          ...(can.administrator
            ? [
                {
                  key: 'task-book',
                  label: '导入建设任务书（教育部模板）',
                  children: <TaskBookImportPanel />,
                },
                { key: 'import', label: '导入任务书', children: <ImportPanel /> },
                { key: 'users', label: '用户与角色', children: <UsersPanel /> },
              ]
            : []),
        ]}
      />
    </div>
  );
}
