/** Provena's download path rules, as the Download dialog shows them before anything is written. */

/** How a folder lands: inside a folder of its own name (`raw`), or only its contents (`raw/`). */
export type FolderRule = 'keep' | 'contents';

/** Provena's path rule for one selection: what to ask the engine for, and where it lands. */
export function downloadPlan(path: string, rule: FolderRule, destination: string) {
  const dest = destination.replace(/[\\/]+$/, '') || destination;
  const sep = destination.includes('\\') && !destination.includes('/') ? '\\' : '/';
  if (path === '') return { remotePath: '', lands: `${dest}${sep}…` };
  if (!path.endsWith('/')) {
    const name = path.split('/').pop()!;
    return { remotePath: path, lands: `${dest}${sep}${name}` };
  }
  const folder = path.slice(0, -1);
  const name = folder.split('/').pop()!;
  return rule === 'keep'
    ? { remotePath: folder, lands: `${dest}${sep}${name}${sep}…` }
    : { remotePath: path, lands: `${dest}${sep}…` };
}
