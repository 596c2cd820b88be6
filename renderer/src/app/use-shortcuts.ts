import { useEffect } from 'react';
import { sections, useAppStore } from '../stores/app-store';

/** True when the platform's command key (⌘ on macOS, Ctrl elsewhere) is held. */
export function isCommandKey(event: KeyboardEvent): boolean {
  return navigator.platform.startsWith('Mac') ? event.metaKey : event.ctrlKey;
}

/** App-wide shortcuts: ⌘/Ctrl+1…4 switch sections. */
export function useGlobalShortcuts(): void {
  const navigate = useAppStore((state) => state.navigate);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isCommandKey(event) || event.altKey || event.shiftKey) return;
      const index = Number(event.key) - 1;
      const section = sections[index];
      if (section) {
        event.preventDefault();
        navigate(section);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
}
