import { Icon } from '../../ui/icons';

/** The full-area overlay while files are dragged over a dataset: where they will go, or why they cannot. */
export function DropOverlay(props: { datasetName: string; target: string; refusal: string | null }) {
  return (
    <div className={`drop-overlay${props.refusal ? ' refused' : ''}`} role="status" aria-live="assertive">
      <div className="drop-card">
        <Icon name={props.refusal ? 'lock' : 'upload'} size={28} />
        {props.refusal ? (
          <>
            <strong>Can’t upload here</strong>
            <span>{props.refusal}</span>
          </>
        ) : (
          <>
            <strong>
              Upload to {props.datasetName}
              {props.target ? ` / ${props.target.replace(/\/$/, '')}` : ''}
            </strong>
            <span>Folders keep their names and everything inside them.</span>
          </>
        )}
      </div>
    </div>
  );
}
