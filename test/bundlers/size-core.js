// What `import { attach } from 'detect-overlay'` adds to an app's first chunk (the bench builds this alone).
import { attach } from 'detect-overlay';

window.attach = attach;
