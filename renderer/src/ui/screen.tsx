import type { ReactNode } from 'react';

/** A screen's header (title, subtitle, actions) and scrolling body. */
export function Screen(props: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className="main" aria-labelledby="screen-title">
      <header className="screen-header">
        <div>
          <h1 id="screen-title">{props.title}</h1>
          {props.subtitle && <div className="muted">{props.subtitle}</div>}
        </div>
        {props.actions && <div className="actions">{props.actions}</div>}
      </header>
      <div className="screen-body">{props.children}</div>
    </main>
  );
}

/** A teaching empty state: what is missing and what to do next. */
export function EmptyState(props: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{props.title}</h2>
      <div>{props.children}</div>
      {props.action}
    </div>
  );
}
