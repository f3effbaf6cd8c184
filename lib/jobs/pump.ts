/**
 * Runs `pass` one at a time, so two passes never claim the same job; calls that come while one runs (every
 * finished file makes one) fold into one more pass.
 */
export function serialPump(pass: () => Promise<void>, what: string): () => Promise<void> {
  let requested = false;
  let running: Promise<void> | undefined;
  return () => {
    requested = true;
    running ??= (async () => {
      try {
        while (requested) {
          requested = false;
          await pass().catch((error: unknown) => console.error(`TrackerDrop: ${what}`, error));
        }
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
}
