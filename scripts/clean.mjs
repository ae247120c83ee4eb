// Removes build output so a build never mixes old and new files.
import { rmSync } from 'node:fs';
for (const dir of ['../dist', '../demo/build', '../test/pages/build']) {
  rmSync(new URL(dir, import.meta.url), { recursive: true, force: true });
}
