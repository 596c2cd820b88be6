import { useEffect, useRef, useState, type DragEvent } from 'react';

/** The drag of files from the desktop over an area: where it would land, and the handlers for the area. */
export interface FileDrag<T> {
  /** Where a drop would land now, or null when no files are dragged over the area. */
  over: { target: T } | null;
  handlers: {
    onDragEnter(event: DragEvent): void;
    onDragOver(event: DragEvent): void;
    onDragLeave(event: DragEvent): void;
    onDrop(event: DragEvent): void;
  };
}

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * Tracks files dragged over an area. `targetOf` says where a drop at the event's position lands; `onDrop` gets
 * the drop while its DataTransfer is still readable; `refused` shows the no-drop cursor.
 */
export function useFileDrag<T>(options: {
  targetOf(event: DragEvent): T;
  onDrop(event: DragEvent, target: T): void;
  refused?: boolean;
}): FileDrag<T> {
  const [over, setOver] = useState<{ target: T } | null>(null);
  const depth = useRef(0);
  const lastOver = useRef(0);
  // Browsers send dragover continuously while a drag hovers; when they stop (a drag cancelled outside the
  // window, where no dragleave arrives), the overlay must not stay behind.
  useEffect(() => {
    if (!over) return;
    const timer = setInterval(() => {
      if (performance.now() - lastOver.current > 700) {
        depth.current = 0;
        setOver(null);
      }
    }, 250);
    return () => clearInterval(timer);
  }, [over]);
  return {
    over,
    handlers: {
      onDragEnter(event) {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        lastOver.current = performance.now();
        depth.current++;
        setOver({ target: options.targetOf(event) });
      },
      onDragOver(event) {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        lastOver.current = performance.now();
        event.dataTransfer.dropEffect = options.refused ? 'none' : 'copy';
        const target = options.targetOf(event);
        setOver((current) => (current && Object.is(current.target, target) ? current : { target }));
      },
      onDragLeave(event) {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(null);
      },
      onDrop(event) {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current = 0;
        setOver(null);
        options.onDrop(event, options.targetOf(event));
      },
    },
  };
}
