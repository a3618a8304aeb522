import { useCallback, useState } from 'react';
import { asApiError, type ApiError } from '../api/client';

/**
 * A request the person started: `busy` while it runs, and its refusal kept as an `ApiError` to show
 * (cleared when the next one starts).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
