/**
 * Things to undo, run once in reverse order of setup; a failing step is logged and the rest still
 * run. Shared by the product's start-up and the benchmarks.
 */
export function createCleanups(log: (line: string) => void) {
  const steps: (() => unknown)[] = [];
  let running: Promise<void> | undefined;
  return {
    push(step: () => unknown): void {
      steps.push(step);
    },
    run(): Promise<void> {
      running ??= (async () => {
        for (const step of steps.reverse()) {
          try {
            await step();
          } catch (error) {
            log(`cleanup: ${(error as Error).message}`);
          }
        }
      })();
      return running;
    },
  };
}
