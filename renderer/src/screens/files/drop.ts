/**
 * What the user dropped or chose: in Electron the real paths of the top-level files and folders (main walks
 * them); in a browser every file with its path relative to the drop (folders walked here, since a browser
 * gives no paths).
 */

/** A file picked in a browser, with where it sits inside what was dropped. */
export interface BrowserFile {
  file: File;
  relativePath: string;
}

/** Dropped or chosen files and folders. */
export interface UploadSelection {
  /** Electron: absolute paths of what was dropped or chosen. */
  paths: string[];
  /** A browser: every file with its relative path. */
  files: BrowserFile[];
  /** The names of the top-level items, for "Uploading raw and 2 more". */
  names: string[];
}

/** The top-level entries of a drop, captured while the drop event lasts (the browser clears them after). */
export function captureDrop(dataTransfer: DataTransfer): () => Promise<UploadSelection> {
  const getPath = window.datadesk?.getPathForFile;
  if (getPath) {
    const paths = [...dataTransfer.files].map((file) => getPath(file)).filter((path) => path !== '');
    const names = [...dataTransfer.files].map((file) => file.name);
    return () => Promise.resolve({ paths, files: [], names });
  }
  const entries = [...dataTransfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  const loose = entries.length === 0 ? [...dataTransfer.files] : [];
  return async () => {
    const files: BrowserFile[] = loose.map((file) => ({ file, relativePath: file.name }));
    for (const entry of entries) await walkEntry(entry, '', files);
    return {
      paths: [],
      files,
      names: entries.length ? entries.map((entry) => entry.name) : loose.map((file) => file.name),
    };
  };
}

const clutter = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

async function walkEntry(entry: FileSystemEntry, parent: string, into: BrowserFile[]): Promise<void> {
  const relativePath = parent ? `${parent}/${entry.name}` : entry.name;
  if (entry.isFile) {
    if (clutter.has(entry.name)) return;
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    into.push({ file, relativePath });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in batches (100 in Chromium) until it answers an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) break;
    for (const child of batch) await walkEntry(child, relativePath, into);
  }
}

/** Files chosen with an `<input type="file">` (with `webkitdirectory`, each has its relative path). */
export function selectionFromInput(list: FileList): UploadSelection {
  const getPath = window.datadesk?.getPathForFile;
  const chosen = [...list];
  if (getPath) {
    const folderMode = chosen.some((file) => file.webkitRelativePath);
    if (folderMode) {
      // A chosen folder: upload the folder itself (its path is the common root of the files).
      const first = chosen[0];
      const top = first?.webkitRelativePath.split('/')[0] ?? '';
      const full = first ? getPath(first) : '';
      const root = full.slice(0, full.length - (first?.webkitRelativePath.length ?? 0)) + top;
      return { paths: root ? [root] : [], files: [], names: [top] };
    }
    return { paths: chosen.map((file) => getPath(file)), files: [], names: chosen.map((file) => file.name) };
  }
  const files = chosen
    .map((file) => ({ file, relativePath: file.webkitRelativePath || file.name }))
    .filter((item) => !clutter.has(item.file.name));
  const names = [...new Set(files.map((item) => item.relativePath.split('/')[0] ?? item.relativePath))];
  return { paths: [], files, names };
}

/** "raw", "raw and notes.txt", "raw and 3 more". */
export function describeSelection(names: string[]): string {
  if (names.length === 0) return 'nothing';
  if (names.length === 1) return `“${names[0]}”`;
  if (names.length === 2) return `“${names[0]}” and “${names[1]}”`;
  return `“${names[0]}” and ${names.length - 1} more`;
}
