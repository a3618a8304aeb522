import { App, Button, Form, type FormInstance } from 'antd';
import { useRef, type ReactNode } from 'react';
import { api, asApiError, type ApiError } from '../api/client';
import { useAction } from './use-action';
import type { CommandResult } from '@sg/contracts';
import { ActionError } from './ErrorAlert';

/** A field's name path, as antd's Form.Item takes it. */
export type FieldName = string | number | (string | number)[];

const valueAt = (values: object, name: FieldName): unknown =>
  [name]
    .flat()
    .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key as string], values);

export interface ActionFormProps<T> {
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
  /** The fields a refusal is about (from its code and details): they show its detail too. */
  problemFields?: (error: ApiError) => FieldName[];
}

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
  problemFields,
}: ActionFormProps<T>) {
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const { busy, error, run } = useAction();
  const flagged = useRef<FieldName[]>([]);
  // Problem fields are named by path at run time, not through the values' type.
  const flag = (names: FieldName[], errors: string[]) =>
    (form as FormInstance).setFields(names.map((name) => ({ name, errors })));
  const submit = (values: T) =>
    run(async () => {
      try {
        const result = await api<CommandResult | undefined>(typeof path === 'string' ? path : path(values), {
          method,
          body: toBody(values),
        });
        message.success(success);
        if (!initialValues) form.resetFields();
        onDone?.(result, form);
      } catch (e) {
        const refused = asApiError(e);
        flagged.current = problemFields?.(refused) ?? [];
        flag(flagged.current, [refused.detail]);
        if (flagged.current[0] !== undefined) form.scrollToField(flagged.current[0]);
        throw e;
      }
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
      onValuesChange={(changed: object) => {
        // A flagged field the user changes is no longer the one refused.
        const edited = flagged.current.filter((name) => valueAt(changed, name) !== undefined);
        flagged.current = flagged.current.filter((name) => !edited.includes(name));
        flag(edited, []);
      }}
    >
      {children}
      <ActionError error={error} style={{ marginBottom: 12 }} />
      <Button type="primary" htmlType="submit" loading={busy}>
        {submitText}
      </Button>
    </Form>
  );
}
