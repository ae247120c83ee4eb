/** The gate worker's script: serves the page's read requests (gate-entry.ts). Built into gate-source.ts's string. */
import { serveGateReads, type GateWorkerScope } from './gate-entry.js';

serveGateReads(self as unknown as GateWorkerScope);
