import { memo, type MouseEvent, type ReactNode } from 'react';
import { ErrorNotice } from '../../ui/error-notice';
import { exactTime, humanSize, relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import type { TreeRow } from './file-tree';

/** The height of one tree row, in pixels. */
export const treeRowHeight = 34;

/** How far a row at `depth` is indented. */
const indentFor = (depth: number) => ({ paddingLeft: 12 + depth * 20 });

/** A tree row that says something about a folder (loading, empty, failed) rather than naming an entry. */
function StatusRow(props: { depth: number; className: string; busy?: boolean; children: ReactNode }) {
  return (
    <div
      className={props.className}
      style={indentFor(props.depth)}
      role="treeitem"
      aria-level={props.depth + 1}
      aria-selected={false}
      {...(props.busy ? { 'aria-busy': 'true' as const } : {})}
    >
      {props.children}
    </div>
  );
}

/** One row of the Files tree. */
export const TreeRowView = memo(function TreeRowView(props: {
  row: TreeRow;
  index: number;
  selected: boolean;
  active: boolean;
  dropTarget: boolean;
  onActivate(index: number, event: MouseEvent): void;
  onToggle(path: string): void;
  onRetry(path: string): void;
}) {
  const { row } = props;
  if (row.kind === 'loading' || row.kind === 'more') {
    return (
      <StatusRow depth={row.depth} className="tree-row muted" busy>
        <span className="tree-twisty" />
        <Icon name="sync" /> Loading…
      </StatusRow>
    );
  }
  if (row.kind === 'empty') {
    return (
      <StatusRow depth={row.depth} className="tree-row muted">
        <span className="tree-twisty" />
        Empty folder
      </StatusRow>
    );
  }
  if (row.kind === 'error') {
    return (
      <StatusRow depth={row.depth} className="tree-row tall">
        <ErrorNotice
          compact
          error={row.error}
          action={
            <button type="button" className="button small" onClick={() => props.onRetry(row.path)}>
              Try again
            </button>
          }
        />
      </StatusRow>
    );
  }
  const folder = row.kind === 'folder';
  return (
    <div
      id={`file-row-${props.index}`}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={props.selected}
      aria-expanded={folder ? row.expanded : undefined}
      className={`tree-row${props.selected ? ' selected' : ''}${props.active ? ' active' : ''}${props.dropTarget ? ' drop-target' : ''}`}
      data-path={row.path}
      data-kind={row.kind}
      onClick={(event) => props.onActivate(props.index, event)}
      onDoubleClick={() => folder && props.onToggle(row.path)}
    >
      <span className="tree-name" style={indentFor(row.depth)}>
        {folder ? (
          <button
            type="button"
            className="tree-twisty"
            tabIndex={-1}
            aria-hidden="true"
            onClick={(event) => {
              event.stopPropagation();
              props.onToggle(row.path);
            }}
          >
            <Icon name={row.expanded ? 'chevronDown' : 'chevronRight'} size={12} />
          </button>
        ) : (
          <span className="tree-twisty" />
        )}
        <Icon name={folder ? 'folder' : 'file'} />
        <span className="tree-label" title={row.path}>
          {folder && <span className="sr-only">Folder </span>}
          {row.name}
        </span>
      </span>
      <span className="tree-size number">{folder ? '' : humanSize(row.size)}</span>
      <span className="tree-modified" title={!folder && row.modified ? exactTime(row.modified) : undefined}>
        {!folder && row.modified ? relativeTime(row.modified) : ''}
      </span>
    </div>
  );
});
