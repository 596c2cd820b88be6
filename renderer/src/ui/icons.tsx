/** Small line icons (16 px, currentColor), decorative unless given a label. */
const paths = {
  datasets: 'M2 4.5h12M2 8h12M2 11.5h12',
  reviews: 'M3 8.5l3 3 7-7',
  transfers: 'M5 2v11m0 0L2 10m3 3l3-3M11 14V3m0 0L8 6m3-3l3 3',
  settings:
    'M8 5.5a2.5 2.5 0 100 5 2.5 2.5 0 000-5zM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.5 1.5M11.5 11.5L13 13M3 13l1.5-1.5M11.5 4.5L13 3',
  database:
    'M3 4c0-1.1 2.2-2 5-2s5 .9 5 2-2.2 2-5 2-5-.9-5-2zm0 0v8c0 1.1 2.2 2 5 2s5-.9 5-2V4M3 8c0 1.1 2.2 2 5 2s5-.9 5-2',
  user: 'M8 8a3 3 0 100-6 3 3 0 000 6zm-5 6c0-2.8 2.2-4.5 5-4.5s5 1.7 5 4.5',
  sync: 'M13 6A5 5 0 003.5 4.5M3 10a5 5 0 009.5 1.5M3 2v3h3M13 14v-3h-3',
  lock: 'M4.5 7V5a3.5 3.5 0 017 0v2M3.5 7h9v7h-9z',
  plus: 'M8 3v10M3 8h10',
  search: 'M7 12A5 5 0 107 2a5 5 0 000 10zm3.5-1.5L14 14',
  upload: 'M8 11V2m0 0L4.5 5.5M8 2l3.5 3.5M2.5 10.5v3h11v-3',
  download: 'M8 2v9m0 0L4.5 7.5M8 11l3.5-3.5M2.5 10.5v3h11v-3',
  folder: 'M1.5 4a1 1 0 011-1h3.5l1.5 1.5h6a1 1 0 011 1V12a1 1 0 01-1 1h-11a1 1 0 01-1-1z',
  file: 'M4 1.5h5l3.5 3.5v9.5h-8.5zM9 1.5V5h3.5',
  copy: 'M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3',
  check: 'M3 8.5l3 3 7-7',
  close: 'M4 4l8 8M12 4l-8 8',
  chevronRight: 'M6 3.5L10.5 8 6 12.5',
  chevronDown: 'M3.5 6L8 10.5 12.5 6',
  chevronLeft: 'M10 3.5L5.5 8l4.5 4.5',
  alert: 'M8 1.8L15 14H1zM8 6v3.5M8 11.5v.5',
  info: 'M8 15A7 7 0 108 1a7 7 0 000 14zM8 7.5v4M8 5v.5',
  history: 'M2.5 8A5.5 5.5 0 108 2.5 5.6 5.6 0 003.5 5M2.5 2v3h3M8 5v3.5l2.5 1.5',
  versions: 'M5 2.5h8.5v8.5M2.5 5H11v8.5H2.5z',
  release: 'M8 1.5l5.5 2v4c0 3.3-2.3 5.8-5.5 7-3.2-1.2-5.5-3.7-5.5-7v-4zM5.5 8l2 2 3-3.5',
  link: 'M6.5 9.5l3-3M7 4.5l1-1a2.8 2.8 0 014 4l-1 1M9 11.5l-1 1a2.8 2.8 0 01-4-4l1-1',
  refresh: 'M13.5 8A5.5 5.5 0 113 5M3 1.5V5h3.5',
  edit: 'M10.5 2.5l3 3L6 13H3v-3zM9 4l3 3',
  external: 'M9 2.5h4.5V7M13.5 2.5L7.5 8.5M11.5 9.5v4h-9v-9h4',
  filter: 'M2 3h12l-4.5 5.5V13l-3-1.5v-3z',
  sort: 'M4.5 2.5v11m0 0L2 11m2.5 2.5L7 11M11.5 13.5v-11m0 0L9 5m2.5-2.5L14 5',
  trash: 'M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4',
  overview: 'M2.5 2.5h11v11h-11zM5 6h6M5 8.5h6M5 11h3.5',
  pause: 'M5 3v10M11 3v10',
  play: 'M4.5 2.5l9 5.5-9 5.5z',
} as const;

/** A known icon name. */
export type IconName = keyof typeof paths;

/** An icon by name. */
export function Icon({ name, label, size = 16 }: { name: IconName; label?: string; size?: number }) {
  return (
    <svg
      className="icon"
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
      focusable="false"
    >
      <path d={paths[name]} />
    </svg>
  );
}
