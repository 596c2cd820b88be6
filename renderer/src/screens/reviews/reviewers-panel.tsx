import { useCallback, useEffect, useState } from 'react';
import { call } from '../../bridge/client';
import { offlineReason, useOfflineSince } from '../../stores/catalog-status-store';
import { useRegistryName } from '../../stores/registry-names';
import { useSessionStore } from '../../stores/session-store';
import { toast } from '../../stores/toast-store';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { Icon } from '../../ui/icons';
import { EntityPicker } from '../metadata/entity-picker';
import { useEntitySearch, useResolveNames } from '../metadata/registry-search';

/** The data store's reviewers, for system administrators: add people, remove them with a confirmation. */
export function ReviewersPanel() {
  const canAddReviewers = useSessionStore((session) => session.canAddReviewers);
  const canRemoveReviewers = useSessionStore((session) => session.canRemoveReviewers);
  const people = useEntitySearch('person');
  const [reviewers, setReviewers] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState('');
  const [busy, setBusy] = useState(false);
  const offlineSince = useOfflineSince();
  const [removing, setRemoving] = useState<string | null>(null);
  const load = useCallback(() => {
    call('release.listReviewers', {}).then((answer) => {
      setReviewers([...answer.reviewers].sort());
      setError(null);
    }, setError);
  }, []);
  useEffect(load, [load]);
  useResolveNames(reviewers ?? []);

  const add = async () => {
    if (!adding.trim()) return;
    setBusy(true);
    try {
      await call('release.addReviewer', { personId: adding.trim() });
      toast('Reviewer added.', 'ok');
      setAdding('');
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card reviewers-panel" aria-labelledby="reviewers-title">
      <h2 id="reviewers-title">Reviewers</h2>
      <p className="muted">
        People who can approve releases on this data store. Only system administrators see this.
      </p>
      {error !== null && <ErrorNotice error={error} compact />}
      {reviewers === null ? (
        <p className="muted">Loading…</p>
      ) : reviewers.length === 0 ? (
        <p className="muted">No reviewers yet: nobody can approve a release until you add one.</p>
      ) : (
        <ul className="reviewer-list">
          {reviewers.map((id) => (
            <Reviewer key={id} id={id} canRemove={canRemoveReviewers} onRemove={() => setRemoving(id)} />
          ))}
        </ul>
      )}
      {canAddReviewers && (
        <form
          className="reviewer-add"
          onSubmit={(event) => {
            event.preventDefault();
            void add();
          }}
        >
          <EntityPicker
            name="new-reviewer"
            label="Add a reviewer"
            value={adding}
            onChange={setAdding}
            search={people}
            disabled={busy}
          />
          <button
            type="submit"
            className="button"
            disabled={busy || !adding.trim() || offlineSince !== null}
            title={offlineSince !== null ? offlineReason(offlineSince) : 'Add this person as a reviewer'}
          >
            <Icon name="plus" /> Add
          </button>
        </form>
      )}
      {removing && (
        <RemoveReviewer
          id={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            toast('Reviewer removed.', 'ok');
            load();
          }}
        />
      )}
    </section>
  );
}

function Reviewer(props: { id: string; canRemove: boolean; onRemove(): void }) {
  const name = useRegistryName(props.id);
  return (
    <li className="reviewer">
      <Icon name="user" />
      <span className="reviewer-name">
        {name}
        {name !== props.id && <span className="mono muted small"> {props.id}</span>}
      </span>
      {props.canRemove && (
        <button
          type="button"
          className="icon-button"
          aria-label={`Remove ${name ?? props.id} as a reviewer`}
          onClick={props.onRemove}
        >
          <Icon name="trash" />
        </button>
      )}
    </li>
  );
}

function RemoveReviewer(props: { id: string; onClose(): void; onRemoved(): void }) {
  const name = useRegistryName(props.id);
  return (
    <ConfirmDialog
      title={`Remove ${name} as a reviewer?`}
      confirmLabel="Remove reviewer"
      tone="danger"
      onClose={props.onClose}
      onConfirm={async () => {
        await call('release.removeReviewer', { personId: props.id });
        props.onRemoved();
      }}
    >
      <p>
        They can no longer be asked to review releases, and requests already waiting for them can no longer be
        approved or rejected by them.
      </p>
    </ConfirmDialog>
  );
}
