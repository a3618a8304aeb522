import { Col, Form, Row, type FormItemProps, type FormRule } from 'antd';
import { Children, type ReactNode } from 'react';

/**
 * One labelled form field around its `input`; `required` is the message shown when it is left empty
 * (none: the field is optional).
 */
export function FormField({
  required,
  input,
  ...item
}: Omit<FormItemProps, 'children' | 'required'> & { required?: string; input: ReactNode }) {
  return (
    <Form.Item rules={required === undefined ? undefined : [{ required: true, message: required }]} {...item}>
      {input}
    </Form.Item>
  );
}

/** Fields side by side on one row, the n-th `spans[n]` of 24 wide. */
export function FieldRow({ spans, children }: { spans: number[]; children: ReactNode }) {
  return (
    <Row gutter={8}>
      {Children.toArray(children).map((field, n) => (
        <Col span={spans[n]} key={n}>
          {field}
        </Col>
      ))}
    </Row>
  );
}

/**
 * A field's rules that hold it against another field, and that other field as its dependency (the
 * check runs again when that one changes): `rules` first, then `ok` with this value and the other's.
 */
export const checkedAgainst = <V,>(
  other: string,
  ok: (value: V | undefined, otherValue: unknown) => boolean,
  message: string,
  rules: FormRule[],
): Pick<FormItemProps, 'dependencies' | 'rules'> => ({
  dependencies: [other],
  rules: [
    ...rules,
    ({ getFieldValue }) => ({
      validator: (_, value: V | undefined) =>
        ok(value, getFieldValue(other)) ? Promise.resolve() : Promise.reject(new Error(message)),
    }),
  ],
});

/** A select's options from a map of value to label, in the map's order. */
export const optionsOf = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
