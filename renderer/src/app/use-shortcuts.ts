import { useEffect } from 'react';
import { sections, useAppStore } from '../stores/app-store';
import { runCommand } from './commands';

/** True when the platform's command key (⌘ on macOS, Ctrl elsewhere) is held. */
export function isCommandKey(event: KeyboardEvent): boolean {
  return navigator.platform.startsWith('Mac') ? event.metaKey : event.ctrlKey;
}

/** True while a modal dialog is open: app shortcuts wait until it closes. */
const dialogOpen = () => document.querySelector('dialog[open]') !== null;

/** App-wide shortcuts: ⌘/Ctrl+1…4 sections, +K search, +N new dataset, +U upload to the open dataset. */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isCommandKey(event) || event.altKey || event.shiftKey || dialogOpen()) return;
      const { navigate, go, route } = useAppStore.getState();
      const key = event.key.toLowerCase();
      const index = Number(event.key) - 1;
      const section = sections[index];
      if (section) {
        event.preventDefault();
        navigate(section);
      } else if (key === 'k') {
        event.preventDefault();
        if (route.section !== 'datasets') navigate('datasets');
        requestAnimationFrame(() => runCommand('focus-search'));
      } else if (key === 'n') {
        event.preventDefault();
        go({ section: 'datasets', form: 'new' });
      } else if (key === 'u' && route.section === 'datasets' && route.dataset && !route.form) {
        event.preventDefault();
        if (route.tab === 'files') runCommand('upload-files');
        else {
          // Uploads happen on the Files tab: open it, then ask for the files (still within the key press's
          // user activation, which the file chooser needs).
          go({ section: 'datasets', dataset: route.dataset, tab: 'files' });
          setTimeout(() => runCommand('upload-files'), 60);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
