import { Icon } from '../../ui/icons';
import type { UserMetadataRow } from './draft';

/** Custom metadata: rows of name and value, added and removed freely. */
export function KeyValueInput(props: {
  rows: UserMetadataRow[];
  onChange(rows: UserMetadataRow[]): void;
  error?: string | null;
  disabled?: boolean;
}) {
  const change = (index: number, part: Partial<UserMetadataRow>) =>
    props.onChange(props.rows.map((row, at) => (at === index ? { ...row, ...part } : row)));
  return (
    <div className={`field${props.error ? ' has-error' : ''}`} data-field="dataset_info.user_metadata">
      <span className="field-label" id="user-metadata-label">
        Custom metadata
      </span>
      {props.rows.length > 0 && (
        <div className="key-value-rows" role="group" aria-labelledby="user-metadata-label">
          {props.rows.map((row, index) => (
            <div className="key-value-row" key={index}>
              <input
                className="input"
                aria-label={`Name ${index + 1}`}
                placeholder="Name"
                value={row.key}
                disabled={props.disabled}
                onChange={(event) => change(index, { key: event.target.value })}
              />
              <input
                className="input"
                aria-label={`Value ${index + 1}`}
                placeholder="Value"
                value={row.value}
                disabled={props.disabled}
                onChange={(event) => change(index, { value: event.target.value })}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${row.key || `row ${index + 1}`}`}
                disabled={props.disabled}
                onClick={() => props.onChange(props.rows.filter((_, at) => at !== index))}
              >
                <Icon name="trash" />
              </button>
            </div>
          ))}
        </div>
      )}
      {props.error && <div className="field-error">{props.error}</div>}
      <div>
        <button
          type="button"
          className="button small"
          disabled={props.disabled}
          onClick={() => props.onChange([...props.rows, { key: '', value: '' }])}
        >
          <Icon name="plus" /> Add a name and value
        </button>
      </div>
      <div className="field-hint">
        Anything else worth recording, as name–value pairs (for example “instrument”).
      </div>
    </div>
  );
}
