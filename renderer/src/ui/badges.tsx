import { Icon } from './icons';

/** The three release states of a Provena dataset. */
export type ReleaseStatus = 'NOT_RELEASED' | 'PENDING' | 'RELEASED';

const releaseLabels: Record<ReleaseStatus, { text: string; tone: string; tip: string }> = {
  NOT_RELEASED: {
    text: 'Not released',
    tone: '',
    tip: 'Not released: the owner can still upload and change files.',
  },
  PENDING: {
    text: 'Pending review',
    tone: 'warn',
    tip: 'Waiting for a reviewer to approve the release. Files cannot be uploaded until it is decided.',
  },
  RELEASED: {
    text: 'Released',
    tone: 'ok',
    tip: 'Released: the files are final. Create a new version to change them.',
  },
};

/** A release status badge: NOT RELEASED (neutral), PENDING (amber), RELEASED (green). */
export function ReleaseBadge({ status }: { status: string | null | undefined }) {
  const known = (status && status in releaseLabels ? status : 'NOT_RELEASED') as ReleaseStatus;
  const label = releaseLabels[known];
  return (
    <span className={`badge ${label.tone}`} title={label.tip} data-release-status={known}>
      {label.text}
    </span>
  );
}

/** A lock badge whose tooltip says why the dataset cannot be changed. */
export function LockBadge({ reason }: { reason: string }) {
  return (
    <span className="badge" title={reason} aria-label={`Locked: ${reason}`}>
      <Icon name="lock" size={12} /> Locked
    </span>
  );
}

/** "Version 3", with the latest/older state in the tooltip. */
export function VersionBadge({ version, latest }: { version: number; latest: boolean }) {
  return (
    <span
      className={`badge ${latest ? 'accent' : ''}`}
      title={latest ? 'This is the latest version.' : 'A newer version of this dataset exists.'}
    >
      v{version}
      {!latest && ' · older'}
    </span>
  );
}
