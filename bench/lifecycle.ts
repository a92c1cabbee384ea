/**
 * Runs a benchmark to its end: Ctrl-C or SIGTERM cleans up and exits 130, a failure is logged and exits 1,
 * and the cleanup runs in every case (temporary servers, databases and directories go away).
 */
export async function runBench(
  main: () => Promise<void>,
  cleanup: () => Promise<void>,
  log: (line: string) => void,
): Promise<never> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanup().then(() => process.exit(130));
    });
  }
  let exitCode = 0;
  try {
    await main();
  } catch (error) {
    exitCode = 1;
    log(`failed: ${(error as Error).stack ?? String(error)}`);
  } finally {
    log('cleaning up');
    await cleanup();
  }
  process.exit(exitCode);
}
