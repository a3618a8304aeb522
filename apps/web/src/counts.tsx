import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from './api/client';
import { useLocation } from './router';

/** How long one counts request may wait on the server for a change, and the pause after a failure. */
const COUNTS_WAIT_S = 25;
const COUNTS_RETRY_MS = 10_000;

export interface Counts {
  /** Submissions waiting for my review (待办审核). */
  reviews: number;
  /** Unread notifications (通知). */
  unread: number;
}

/**
 * The menu's badges. Each request tells the API the counts the page shows and is answered when
 * they change (or after 25 s), so a rejection shows within a second without a polling storm; read
 * afresh on every page change.
 */
export function useCounts(path: string): Counts | undefined {
  const [counts, setCounts] = useState<Counts>();
  useEffect(() => {
    const abort = new AbortController();
    let known: Counts | undefined;
    const loop = async () => {
      while (!abort.signal.aborted) {
        try {
          const next = await api<Counts>('/api/me/counts', {
            query: known ? { ...known, wait: COUNTS_WAIT_S } : undefined,
            signal: abort.signal,
          });
          known = next;
          if (!abort.signal.aborted) setCounts(next);
        } catch {
          // The badges keep their last counts until the API answers again.
          await new Promise((resolve) => setTimeout(resolve, COUNTS_RETRY_MS));
        }
      }
    };
    void loop();
    return () => abort.abort();
  }, [path]);
  return counts;
}

/** The counts the menu shows, for pages that reload when they change (the inbox). */
const CountsContext = createContext<Counts | undefined>(undefined);

export function CountsProvider({ children }: { children: ReactNode }) {
  const { path } = useLocation();
  return <CountsContext.Provider value={useCounts(path)}>{children}</CountsContext.Provider>;
}

export const useCountsContext = () => useContext(CountsContext);
