import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';

const storageKey = (id: string) => `datadesk.split.${id}`;

/** A left/right split with a draggable, keyboard-operable divider; the left width is remembered. */
export function SplitPane(props: {
  id: string;
  left: ReactNode;
  right: ReactNode;
  initial: number;
  min: number;
  max: number;
  label: string;
}) {
  const [width, setWidth] = useState(() => {
    const stored = Number(localStorage.getItem(storageKey(props.id)));
    return stored >= props.min && stored <= props.max ? stored : props.initial;
  });
  const container = useRef<HTMLDivElement>(null);
  const clamp = useCallback(
    (value: number) => Math.min(props.max, Math.max(props.min, value)),
    [props.min, props.max],
  );
  const commit = useCallback(
    (value: number) => {
      const next = clamp(value);
      setWidth(next);
      localStorage.setItem(storageKey(props.id), String(next));
    },
    [clamp, props.id],
  );
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const left = container.current?.getBoundingClientRect().left ?? 0;
    const move = (moveEvent: globalThis.PointerEvent) => commit(moveEvent.clientX - left);
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
      document.body.classList.remove('resizing');
    };
    document.body.classList.add('resizing');
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 64 : 16;
    if (event.key === 'ArrowLeft') commit(width - step);
    else if (event.key === 'ArrowRight') commit(width + step);
    else if (event.key === 'Home') commit(props.min);
    else if (event.key === 'End') commit(props.max);
    else return;
    event.preventDefault();
  };
  return (
    <div className="split" ref={container} style={{ gridTemplateColumns: `${width}px 1px 1fr` }}>
      <div className="split-pane">{props.left}</div>
      <div
        className="split-divider"
        role="separator"
        aria-orientation="vertical"
        aria-label={props.label}
        aria-valuenow={width}
        aria-valuemin={props.min}
        aria-valuemax={props.max}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
        onDoubleClick={() => commit(props.initial)}
      />
      <div className="split-pane">{props.right}</div>
    </div>
  );
}
