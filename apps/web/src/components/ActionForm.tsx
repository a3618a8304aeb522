import { App, Button, Form, type FormInstance } from 'antd';
import { type ReactNode } from 'react';
import { api } from '../api/client';
import { useAction } from './use-action';
import type { CommandResult } from '@sg/contracts';
import { ErrorAlert } from './ErrorAlert';

/** A form that POSTs its (transformed) values and shows the API's answer in Chinese. */
export function ActionForm<T extends object>({
  path,
  toBody = (v) => v,
  submitText,
  success,
  onDone,
  children,
  testId,
  method = 'POST',
  initialValues,
}: {
  /** Where to send it; a function when the values name the target (an indicator, a task). */
  path: string | ((values: T) => string);
  toBody?: (values: T) => unknown;
  submitText: string;
  success: string;
  onDone?: (result: CommandResult | undefined, form: FormInstance<T>) => void;
  children: ReactNode;
  testId?: string;
  method?: 'POST' | 'PUT';
  initialValues?: Partial<T>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const { busy, error, run } = useAction();
  const submit = (values: T) =>
    run(async () => {
      const result = await api<CommandResult | undefined>(typeof path === 'string' ? path : path(values), {
        method,
        body: toBody(values),
      });
      message.success(success);
      if (!initialValues) form.resetFields();
      onDone?.(result, form);
    });
  return (
    <Form<T>
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      data-testid={testId}
      // Field ids are prefixed with the form's name: several forms on a page keep their labels apart.
      name={testId ?? (typeof path === 'string' ? path.replace(/[^A-Za-z0-9]+/g, '-') : undefined)}
      initialValues={initialValues}
    >
      {children}
      {error && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={error} />
        </div>
      )}
      <Button type="primary" htmlType="submit" loading={busy}>
        {submitText}
      </Button>
    </Form>
  );
}
