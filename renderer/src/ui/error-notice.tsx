import type { ReactNode } from 'react';
import { describeError } from './errors';
import { Icon } from './icons';

/** An error in plain words with the next step and a toggle for the technical details. */
export function ErrorNotice(props: {
  error: unknown;
  title?: string;
  action?: ReactNode;
  compact?: boolean;
}) {
  const described = describeError(props.error);
  return (
    <div className={`notice danger${props.compact ? ' compact' : ''}`} role="alert">
      <Icon name="alert" />
      <div className="notice-body">
        {props.title && <strong className="notice-title">{props.title}</strong>}
        <div>{described.message}</div>
        {described.nextStep && <div className="notice-next">{described.nextStep}</div>}
        {described.details && (
          <details className="notice-details">
            <summary>Details</summary>
            <pre>{described.details}</pre>
          </details>
        )}
        {props.action && <div className="notice-actions">{props.action}</div>}
      </div>
    </div>
  );
}

/** A calm informational or warning note. */
export function Notice(props: {
  tone?: 'info' | 'warn' | 'ok';
  title?: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  const tone = props.tone ?? 'info';
  return (
    <div className={`notice ${tone}`} role={tone === 'warn' ? 'note' : undefined}>
      <Icon name={tone === 'ok' ? 'check' : tone === 'warn' ? 'alert' : 'info'} />
      <div className="notice-body">
        {props.title && <strong className="notice-title">{props.title}</strong>}
        <div>{props.children}</div>
        {props.action && <div className="notice-actions">{props.action}</div>}
      </div>
    </div>
  );
}
