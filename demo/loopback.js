// Sends a stream through a pair of RTCPeerConnections in this page and gives back what arrives:
// a genuinely remote WebRTC track, as a LiveKit room or a media server would deliver it.
export async function sendOverPeerConnection(stream) {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  const received = new Promise((resolve) => { b.ontrack = (e) => resolve(e.streams[0] ?? new MediaStream([e.track])); });
  for (const track of stream.getVideoTracks()) a.addTrack(track, stream);
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  return {
    stream: await received,
    receiver: b,
    receiverTrackIds: () => b.getReceivers().map((r) => r.track.id),
    close() { a.close(); b.close(); },
  };
}
