import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/** A tab list with arrow-key, Home and End navigation (the WAI-ARIA tabs pattern). */
export function Tabs<T extends string>(props: {
  label: string;
  tabs: ReadonlyArray<{ id: T; label: string; badge?: string | number | null }>;
  selected: T;
  onSelect(id: T): void;
  idPrefix: string;
}) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent) => {
    const index = props.tabs.findIndex((tab) => tab.id === props.selected);
    let next: number;
    if (event.key === 'ArrowRight') next = (index + 1) % props.tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + props.tabs.length) % props.tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = props.tabs.length - 1;
    else return;
    event.preventDefault();
    const tab = props.tabs[next];
    if (!tab) return;
    props.onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={props.label} onKeyDown={onKeyDown}>
      {props.tabs.map((tab) => {
        const selected = tab.id === props.selected;
        return (
          <button
            key={tab.id}
            ref={(element) => {
              if (element) refs.current.set(tab.id, element);
              else refs.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={`${props.idPrefix}-tab-${tab.id}`}
            aria-selected={selected}
            aria-controls={`${props.idPrefix}-panel-${tab.id}`}
            tabIndex={selected ? 0 : -1}
            className="tab"
            onClick={() => props.onSelect(tab.id)}
          >
            {tab.label}
            {tab.badge !== undefined && tab.badge !== null && <span className="tab-badge">{tab.badge}</span>}
          </button>
        );
      })}
    </div>
  );
}

/** The panel a tab controls. */
export function TabPanel(props: { idPrefix: string; id: string; children: ReactNode; className?: string }) {
  return (
    <div
      role="tabpanel"
      id={`${props.idPrefix}-panel-${props.id}`}
      aria-labelledby={`${props.idPrefix}-tab-${props.id}`}
      className={`tab-panel ${props.className ?? ''}`}
    >
      {props.children}
    </div>
  );
}
