import { useEffect, useRef, useState } from 'preact/hooks';
import type { TransferView } from '../../lib/jobs/transfer-view';
import type { RouteInput } from '../../lib/messages/routes';
import { send } from '../../lib/messages/send';
import { watchQueue } from '../../lib/messages/watch';
import { nextRates, type RateSample } from './rates';

/** The transfer queue while the popup is open, as the background pushes it, with speeds from successive samples. */
export function useQueue() {
  const [items, setItems] = useState<TransferView[]>([]);
  const [rates, setRates] = useState<ReadonlyMap<string, RateSample>>(new Map());
  const latestRates = useRef<ReadonlyMap<string, RateSample>>(new Map());

  useEffect(
    () =>
      watchQueue((transfers) => {
        const moving = transfers.filter((item) => item.phase === 'moving');
        latestRates.current = nextRates(latestRates.current, moving, Date.now());
        setRates(latestRates.current);
        setItems(transfers);
      }),
    [],
  );

  const steer = async (action: RouteInput<'steerTransfer'>['action'], jobId: string): Promise<void> => {
    await send('steerTransfer', { action, jobId });
  };

  return { items, rates, steer };
}
