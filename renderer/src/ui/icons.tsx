/** Small line icons (16 px, currentColor), decorative unless given a label. */
type IconName = 'datasets' | 'reviews' | 'transfers' | 'settings' | 'database' | 'user' | 'sync' | 'lock';

const paths: Record<IconName, string> = {
  datasets: 'M2 4.5h12M2 8h12M2 11.5h12',
  reviews: 'M3 8.5l3 3 7-7',
  transfers: 'M5 2v11m0 0L2 10m3 3l3-3M11 14V3m0 0L8 6m3-3l3 3',
  settings:
    'M8 5.5a2.5 2.5 0 100 5 2.5 2.5 0 000-5zM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.5 1.5M11.5 11.5L13 13M3 13l1.5-1.5M11.5 4.5L13 3',
  database: 'M3 4c0-1.1 2.2-2 5-2s5 .9 5 2-2.2 2-5 2-5-.9-5-2zm0 0v8c0 1.1 2.2 2 5 2s5-.9 5-2V4M3 8c0 1.1 2.2 2 5 2s5-.9 5-2',
  user: 'M8 8a3 3 0 100-6 3 3 0 000 6zm-5 6c0-2.8 2.2-4.5 5-4.5s5 1.7 5 4.5',
  sync: 'M13 6A5 5 0 003.5 4.5M3 10a5 5 0 009.5 1.5M3 2v3h3M13 14v-3h-3',
  lock: 'M4.5 7V5a3.5 3.5 0 017 0v2M3.5 7h9v7h-9z',
};

/** An icon by name. */
export function Icon({ name, label, size = 16 }: { name: IconName; label?: string; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    >
      <path d={paths[name]} />
    </svg>
  );
}
