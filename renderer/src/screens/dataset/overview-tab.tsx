import { useEffect, type ReactNode } from 'react';
import type { ItemDataset } from '../../../../shared/provena/dataset-item';
import { isShowing, useJobsStore } from '../../stores/jobs-store';
import { useDatasetPermissions, type DatasetEntry } from '../../stores/dataset-store';
import { useRegistryName } from '../../stores/registry-names';
import { CopyButton } from '../../ui/copy-button';
import { Notice } from '../../ui/error-notice';
import { exactTime, relativeTime } from '../../ui/format';
import { useResolveNames } from '../metadata/registry-search';
import { JobProgress } from './job-progress';

const roleLabels: Record<string, string> = {
  admin: 'Administrator',
  'metadata-read': 'Read metadata',
  'metadata-write': 'Change metadata',
  'dataset-data-read': 'Download files',
  'dataset-data-write': 'Upload files',
};

function Value({ children }: { children: ReactNode }) {
  const empty =
    children === null ||
    children === undefined ||
    children === '' ||
    (Array.isArray(children) && children.length === 0);
  return <dd>{empty ? <span className="empty-value">Not given</span> : children}</dd>;
}

function Entity({ id }: { id: string | null | undefined }) {
  const name = useRegistryName(id);
  if (!id) return <Value>{null}</Value>;
  return (
    <dd>
      {name}
      {name !== id && <span className="mono muted small"> · {id}</span>}
    </dd>
  );
}

function CopyValue({ value, label }: { value: string; label: string }) {
  return (
    <dd className="copy-row">
      <span className="mono" title={value}>
        {value}
      </span>
      <CopyButton value={value} label={label} />
    </dd>
  );
}

const yesNo = (check: { relevant?: boolean; obtained?: boolean } | undefined) =>
  !check?.relevant
    ? 'Not applicable'
    : check.obtained
      ? 'Applies — approval obtained'
      : 'Applies — approval missing';

/** Overview: every metadata field, where the files live, the user's roles, and any running registration. */
export function OverviewTab({ entry }: { entry: DatasetEntry }) {
  const item = entry.item as ItemDataset;
  const can = useDatasetPermissions(entry);
  const info = item.collection_format.dataset_info;
  const associations = item.collection_format.associations;
  const approvals = item.collection_format.approvals;
  const job = useJobsStore((state) => state.jobs[item.id]);
  useResolveNames([associations.organisation_id, info.publisher_id, associations.data_custodian_id]);
  const loadJob = useJobsStore((state) => state.load);

  // Main knows the registration of a dataset minted here; one minted in the last few minutes elsewhere (or
  // before a restart) is followed from its workflow links.
  const links = item.workflow_links;
  const sessionId = links?.version_activity_workflow_id ?? links?.create_activity_workflow_id ?? null;
  const kind = links?.version_activity_workflow_id ? 'version' : 'mint';
  const created = item.created_timestamp;
  const known = job !== undefined;
  useEffect(() => {
    if (known) return;
    const recent = Date.now() / 1000 - created < 15 * 60;
    void loadJob(item.id, sessionId && recent ? { sessionId, kind } : undefined);
  }, [item.id, known, loadJob, sessionId, kind, created]);

  const release = item.release_history?.length ? item.release_history[item.release_history.length - 1] : null;
  return (
    <div className="detail-body">
      {isShowing(job) && <JobProgress job={job} />}
      {can.status === 'PENDING' && (
        <Notice tone="warn" title="Waiting for release review">
          Files cannot be uploaded until the reviewer approves or rejects the request.
        </Notice>
      )}
      <section className="panel-section" aria-labelledby="overview-description">
        <h2 id="overview-description">Description</h2>
        <p className="prose">{info.description}</p>
        {info.keywords && info.keywords.length > 0 && (
          <div className="chip-list" aria-label="Keywords">
            {info.keywords.map((keyword) => (
              <span key={keyword} className="chip plain">
                {keyword}
              </span>
            ))}
          </div>
        )}
      </section>

      <section className="panel-section" aria-labelledby="overview-record">
        <h2 id="overview-record">Record</h2>
        <dl className="kv">
          <dt>Handle</dt>
          <CopyValue value={item.id} label="Copy the handle" />
          <dt>Storage location</dt>
          <CopyValue value={item.s3.s3_uri} label="Copy the storage location" />
          <dt>Owner</dt>
          <Value>{item.owner_username}</Value>
          <dt>Created</dt>
          <dd title={exactTime(item.created_timestamp)}>{relativeTime(item.created_timestamp)}</dd>
          <dt>Last updated</dt>
          <dd title={exactTime(item.updated_timestamp)}>{relativeTime(item.updated_timestamp)}</dd>
          <dt>Version</dt>
          <dd>
            {item.versioning_info?.version ?? 1}
            {!can.latest && ' (a newer version exists)'}
          </dd>
          <dt>Release</dt>
          <dd>
            {can.status === 'RELEASED'
              ? 'Released'
              : can.status === 'PENDING'
                ? 'Pending review'
                : 'Not released'}
            {release && (
              <span className="muted" title={exactTime(release.timestamp)}>
                {' '}
                · last {release.action.toLowerCase()} {relativeTime(release.timestamp)}
              </span>
            )}
          </dd>
          <dt>Your roles</dt>
          <dd>
            {can.rolesKnown ? (
              can.roles.length ? (
                <span className="chip-list">
                  {can.roles.map((role) => (
                    <span key={role} className="badge subtle">
                      {roleLabels[role] ?? role}
                    </span>
                  ))}
                </span>
              ) : (
                'None'
              )
            ) : (
              <span className="empty-value">Unknown until the data store answers</span>
            )}
          </dd>
          <dt>Locked</dt>
          <dd>
            {item && entry.locked ? 'Yes — nothing can be changed until an administrator unlocks it' : 'No'}
          </dd>
        </dl>
      </section>

      <section className="panel-section" aria-labelledby="overview-people">
        <h2 id="overview-people">Organisations and people</h2>
        <dl className="kv">
          <dt>Record creator</dt>
          <Entity id={associations.organisation_id} />
          <dt>Publisher</dt>
          <Entity id={info.publisher_id} />
          <dt>Custodian</dt>
          <Entity id={associations.data_custodian_id} />
          <dt>Point of contact</dt>
          <Value>{associations.point_of_contact}</Value>
        </dl>
      </section>

      <section className="panel-section" aria-labelledby="overview-licence">
        <h2 id="overview-licence">Licence and access</h2>
        <dl className="kv">
          <dt>Licence</dt>
          <dd>
            <span className="mono">{info.license}</span>
          </dd>
          <dt>Data stored</dt>
          <dd>{info.access_info.reposited ? 'In this data store' : 'Elsewhere'}</dd>
          {!info.access_info.reposited && (
            <>
              <dt>Where</dt>
              <Value>{info.access_info.uri}</Value>
              <dt>How to get it</dt>
              <Value>{info.access_info.description}</Value>
            </>
          )}
          <dt>Usage limitations</dt>
          <Value>{info.usage_limitations}</Value>
          <dt>Rights holder</dt>
          <Value>{info.rights_holder}</Value>
          <dt>Preferred citation</dt>
          <Value>{info.preferred_citation}</Value>
          <dt>Purpose</dt>
          <Value>{info.purpose}</Value>
        </dl>
      </section>

      <section className="panel-section" aria-labelledby="overview-coverage">
        <h2 id="overview-coverage">Dates and coverage</h2>
        <dl className="kv">
          <dt>Created</dt>
          <Value>{info.created_date.relevant ? info.created_date.value : null}</Value>
          <dt>Published</dt>
          <Value>{info.published_date.relevant ? info.published_date.value : null}</Value>
          <dt>Period</dt>
          <Value>
            {info.temporal_info?.duration
              ? `${info.temporal_info.duration.begin_date} to ${info.temporal_info.duration.end_date}`
              : null}
          </Value>
          <dt>Time step</dt>
          <Value>{info.temporal_info?.resolution}</Value>
          <dt>Spatial coverage</dt>
          <Value>
            {info.spatial_info?.coverage && <span className="mono">{info.spatial_info.coverage}</span>}
          </Value>
          <dt>Spatial extent</dt>
          <Value>
            {info.spatial_info?.extent && <span className="mono">{info.spatial_info.extent}</span>}
          </Value>
          <dt>Spatial resolution</dt>
          <Value>{info.spatial_info?.resolution}</Value>
          <dt>File formats</dt>
          <Value>{info.formats?.join(', ')}</Value>
        </dl>
      </section>

      <section className="panel-section" aria-labelledby="overview-approvals">
        <h2 id="overview-approvals">Approvals</h2>
        <dl className="kv">
          <dt>Registration ethics</dt>
          <dd>{yesNo(approvals.ethics_registration)}</dd>
          <dt>Access ethics</dt>
          <dd>{yesNo(approvals.ethics_access)}</dd>
          <dt>Indigenous knowledge</dt>
          <dd>{yesNo(approvals.indigenous_knowledge)}</dd>
          <dt>Export controls</dt>
          <dd>{yesNo(approvals.export_controls)}</dd>
        </dl>
      </section>

      {info.user_metadata && Object.keys(info.user_metadata).length > 0 && (
        <section className="panel-section" aria-labelledby="overview-custom">
          <h2 id="overview-custom">Custom metadata</h2>
          <dl className="kv">
            {Object.entries(info.user_metadata).map(([key, value]) => (
              <div key={key} className="kv-pair">
                <dt>{key}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}
