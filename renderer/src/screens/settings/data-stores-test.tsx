import type { ConnectionTest } from '../../../../preload/contract';

const checkLabels = {
  'data-api': 'Data API',
  'search-api': 'Search API',
  'job-api': 'Job API',
  issuer: 'Sign-in server',
  'local-store': 'Local store',
} as const;

/** The outcome of a connection test, one line per address. */
export function ConnectionResult(props: { result: ConnectionTest }) {
  return (
    <div role="status" aria-label="Connection test" style={{ marginTop: 12 }}>
      <p style={{ margin: '0 0 4px' }}>
        <span className={`badge ${props.result.ok ? 'ok' : 'danger'}`}>
          {props.result.ok ? 'Connection works' : 'Connection problems'}
        </span>
      </p>
      <ul style={{ margin: 0, paddingLeft: 18 }}>
        {props.result.checks.map((check) => (
          <li key={check.name}>
            <strong>{checkLabels[check.name]}:</strong> {check.ok ? 'reachable' : check.message}
            {check.latencyMs !== null && <span className="muted"> ({check.latencyMs} ms)</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
