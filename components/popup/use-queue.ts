import { useEffect, useRef, useState } from 'preact/hooks';
import { toBackground } from '../../lib/messages';
import type { QueueAction } from '../../lib/queue/actions';
import type { QueueItem } from '../../lib/queue/overview';
import { nextRates, type RateSample } from './rates';

const pollMs = 1000;

/** The transfer queue while the popup is open: polled, with speeds from successive samples. */
export function useQueue() {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [rates, setRates] = useState<ReadonlyMap<string, RateSample>>(new Map());
  const latestRates = useRef<ReadonlyMap<string, RateSample>>(new Map());

  const refresh = async (): Promise<void> => {
    const result = await toBackground.sendMessage('queueOverview', undefined);
    if (!result.ok) return;
    const moving = result.value.filter((item) => item.phase === 'moving');
    latestRates.current = nextRates(latestRates.current, moving, Date.now());
    setRates(latestRates.current);
    setItems(result.value);
  };

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), pollMs);
    return () => clearInterval(timer);
  }, []);

  const steer = async (action: QueueAction, jobId: string): Promise<void> => {
    await toBackground.sendMessage('steerTransfer', { action, jobId });
    await refresh();
  };

  return { items, rates, steer };
}
