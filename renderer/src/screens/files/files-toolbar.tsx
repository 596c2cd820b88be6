import { commandKeyLabel } from '../../ui/format';
import { Icon } from '../../ui/icons';

/** The Files tab's actions: upload files or a folder, download, share a link, refresh. */
export function FilesToolbar(props: {
  /** Why uploads are refused, or null when they are allowed. */
  uploadRefusal: string | null;
  /** Why downloads and share links are refused (offline, no read access), or null when they are allowed. */
  readRefusal: string | null;
  /** The selected paths (folders end in '/'). */
  selection: string[];
  onUpload(kind: 'files' | 'folder'): void;
  onDownload(): void;
  /** Null unless exactly one file is selected. */
  onShare: (() => void) | null;
  onRefresh(): void;
}) {
  const { selection } = props;
  const folder = selection.length === 1 && selection[0]!.endsWith('/') ? selection[0] : null;
  return (
    <div className="files-toolbar" role="toolbar" aria-label="File actions">
      <button
        type="button"
        className="button"
        disabled={props.uploadRefusal !== null}
        title={props.uploadRefusal ?? `Upload files into ${folder ?? 'the top folder'} (${commandKeyLabel}U)`}
        onClick={() => props.onUpload('files')}
      >
        <Icon name="upload" /> Upload files
      </button>
      <button
        type="button"
        className="button"
        disabled={props.uploadRefusal !== null}
        title={
          props.uploadRefusal ?? `Upload a folder and everything in it into ${folder ?? 'the top folder'}`
        }
        onClick={() => props.onUpload('folder')}
      >
        <Icon name="folder" /> Upload folder
      </button>
      <span className="toolbar-gap" />
      <button
        type="button"
        className="button"
        disabled={props.readRefusal !== null}
        onClick={props.onDownload}
        title={
          props.readRefusal ??
          (selection.length
            ? 'Download the selected files and folders'
            : 'Download every file of the dataset')
        }
      >
        <Icon name="download" />{' '}
        {selection.length > 1
          ? `Download ${selection.length}…`
          : selection.length
            ? 'Download…'
            : 'Download all…'}
      </button>
      <button
        type="button"
        className="button"
        disabled={!props.onShare || props.readRefusal !== null}
        title={
          props.readRefusal ??
          (props.onShare
            ? 'Make a link anyone can use to download this file for a while'
            : 'Select one file to share a link to it')
        }
        onClick={() => props.onShare?.()}
      >
        <Icon name="link" /> Share link…
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Refresh the file list"
        title="Refresh"
        onClick={props.onRefresh}
      >
        <Icon name="refresh" />
      </button>
    </div>
  );
}
