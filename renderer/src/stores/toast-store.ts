import { create } from 'zustand';

/** A short message shown in the corner for a few seconds (and read out by screen readers). */
export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'ok' | 'warn' | 'danger';
  /** An optional action button. */
  action?: { label: string; run(): void };
}

interface ToastState {
  toasts: Toast[];
  show(message: string, tone?: Toast['tone'], action?: Toast['action']): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** The toasts on screen. */
export const useToastStore = create<ToastState>((set, get) => ({
  toasts: [],
  show(message, tone = 'info', action) {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-3), { id, message, tone, action }] });
    setTimeout(() => get().dismiss(id), action ? 8000 : 4000);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
  },
}));

/** Shows a toast from anywhere. */
export function toast(message: string, tone?: Toast['tone'], action?: Toast['action']): void {
  useToastStore.getState().show(message, tone, action);
}
