// Test page helper: camera (a fake webcam in tests) → RTCPeerConnection → RTCPeerConnection →
// <video id="remote">, so the SDK sees a genuinely remote WebRTC track.
export async function loopback(video) {
  const local = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  const remote = new Promise((resolve) => { b.ontrack = (e) => resolve(e.streams[0] ?? new MediaStream([e.track])); });
  for (const track of local.getTracks()) a.addTrack(track, local);
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  const stream = await remote;
  if (video) {
    video.srcObject = stream;
    await video.play().catch(() => {});
  }
  return { local, stream, receiverTrackIds: b.getReceivers().map((r) => r.track.id), close() { a.close(); b.close(); local.getTracks().forEach((t) => t.stop()); } };
}
