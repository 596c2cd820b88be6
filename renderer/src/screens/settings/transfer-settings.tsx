/** Settings → Transfers: how many files and parts move at once, and an optional bandwidth limit. */
export function TransferSettings() {
  return (
    <section className="card settings-card" aria-labelledby="transfer-settings-title">
      <h2 id="transfer-settings-title">Transfers</h2>
      <p className="muted">Concurrency and bandwidth settings appear here once the transfer engine is connected.</p>
    </section>
  );
}
