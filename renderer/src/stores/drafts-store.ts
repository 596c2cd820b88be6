/**
 * Metadata drafts, one per form (a new dataset, or an edit of one dataset). Kept in memory and in local storage,
 * so leaving the form, a failed save, a lost connection or a reload never loses what was typed.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { MetadataDraft } from '../screens/metadata/draft';
import type { FieldErrors } from '../screens/metadata/validation';

/** One form's state. */
export interface DraftEntry {
  draft: MetadataDraft;
  /** The reason for an edit (required by the data store). */
  reason: string;
  /** Fields the user has left at least once: their problems show before the first save attempt. */
  touched: string[];
  /** True once the user tried to save or validate: every problem shows. */
  attempted: boolean;
  /** The data store's verdict from the last validate or save, by field; cleared field by field as they change. */
  serverErrors: FieldErrors;
  /** For an edit: the dataset's update time when the draft started, to warn about changes made meanwhile. */
  baseUpdated: number | null;
  savedAt: number;
}

interface DraftsState {
  drafts: Record<string, DraftEntry>;
  start(key: string, draft: MetadataDraft, baseUpdated?: number | null): void;
  update(key: string, change: Partial<DraftEntry>): void;
  discard(key: string): void;
}

/** The key of the new-dataset draft. */
export const newDatasetDraftKey = 'new';
/** The key of the draft editing a dataset. */
export const editDraftKey = (datasetId: string) => `edit:${datasetId}`;

/** Every open metadata draft. */
export const useDraftsStore = create<DraftsState>()(
  persist(
    (set, get) => ({
      drafts: {},
      start(key, draft, baseUpdated = null) {
        set({
          drafts: {
            ...get().drafts,
            [key]: {
              draft,
              reason: '',
              touched: [],
              attempted: false,
              serverErrors: {},
              baseUpdated,
              savedAt: Date.now(),
            },
          },
        });
      },
      update(key, change) {
        const current = get().drafts[key];
        if (!current) return;
        set({ drafts: { ...get().drafts, [key]: { ...current, ...change, savedAt: Date.now() } } });
      },
      discard(key) {
        const { [key]: _dropped, ...rest } = get().drafts;
        set({ drafts: rest });
      },
    }),
    { name: 'datadesk.drafts', version: 1, storage: createJSONStorage(() => localStorage) },
  ),
);
