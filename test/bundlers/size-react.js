// What `import { useDetectOverlay } from 'detect-overlay/react'` adds (React itself left out: the app has it).
import { useDetectOverlay } from 'detect-overlay/react';

window.useDetectOverlay = useDetectOverlay;
