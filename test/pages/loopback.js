// Test page helper: camera (a fake webcam in tests) → RTCPeerConnection → RTCPeerConnection →
// <video>, so the SDK sees a genuinely remote track. The sending part is the demo's own.
import { sendOverPeerConnection } from '/demo/loopback.js';

export async function loopback(video) {
  const local = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
  const link = await sendOverPeerConnection(local);
  if (video) {
    video.srcObject = link.stream;
    await video.play().catch(() => {});
  }
  return { local, stream: link.stream, receiverTrackIds: link.receiverTrackIds(), close() { link.close(); local.getTracks().forEach((t) => t.stop()); } };
}
