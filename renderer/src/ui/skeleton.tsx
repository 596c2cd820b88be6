/** Placeholder rows of the final size, so nothing jumps when the data arrives. */
export function SkeletonRows({
  count,
  height,
  columns = 1,
}: {
  count: number;
  height: number;
  columns?: number;
}) {
  return (
    <div aria-hidden="true">
      {Array.from({ length: count }, (_, row) => (
        <div key={row} className="skeleton-row" style={{ height }}>
          {Array.from({ length: columns }, (_, column) => (
            <span
              key={column}
              className="skeleton-bar"
              style={{ width: `${30 + ((row * 37 + column * 23) % 50)}%` }}
            />
          ))}
        </div>
      ))}
    </div>
  );
}

/** A single grey bar standing in for a line of text. */
export function SkeletonText({ width = '60%' }: { width?: string }) {
  return <span className="skeleton-bar inline" style={{ width }} aria-hidden="true" />;
}
