// What `import { attachToRoom } from 'detect-overlay/livekit'` adds (livekit-client left out: the app has it).
import { attachToRoom } from 'detect-overlay/livekit';

window.attachToRoom = attachToRoom;
