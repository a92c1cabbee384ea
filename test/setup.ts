import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers in tests log warnings only; their state changes would drown the test report.
Runtime.install({ logger: new DefaultLogger('WARN') });
