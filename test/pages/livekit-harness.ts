// LiveKit test harness: a real livekit-client Room and real RemoteVideoTracks made from tracks that
// crossed a loopback RTCPeerConnection, with the room's own events emitted. No LiveKit server can
// run here: the participants and publications are built locally (a stub stands in for the signal
// client, which only a server connection would use); a live server would add the signalling,
// subscription and adaptiveStream layer negotiation.
import { RemoteParticipant, RemoteTrackPublication, RemoteVideoTrack, Room, RoomEvent, Track } from 'livekit-client';
import { TrackInfo, TrackSource, TrackType } from '@livekit/protocol';
import { attachToRoom } from '../../src/livekit.js';

const signalStub = {} as never;

async function loopbackTrack(clip: string): Promise<{ track: MediaStreamTrack; receiver: RTCRtpReceiver; close(): void }> {
  const v = Object.assign(document.createElement('video'), { muted: true, loop: true, playsInline: true, src: `/media/video/${clip}.webm` });
  await v.play();
  const local = (v as HTMLVideoElement & { captureStream(): MediaStream }).captureStream();
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  const got = new Promise<RTCTrackEvent>((r) => { b.ontrack = r; });
  a.addTrack(local.getVideoTracks()[0]!, local);
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription!);
  const e = await got;
  return { track: e.track, receiver: e.receiver, close() { a.close(); b.close(); v.pause(); } };
}

let n = 0;
/** Publishes a clip as a participant's subscribed camera (or screen share) track and emits TrackSubscribed. */
async function publish(room: Room, identity: string, clip: string, source: 'camera' | 'screen_share' = 'camera', appAttaches = true) {
  const { track: mst, receiver, close } = await loopbackTrack(clip);
  let participant = [...room.remoteParticipants.values()].find((p) => p.identity === identity);
  if (!participant) {
    participant = new RemoteParticipant(signalStub, `PA_${identity}`, identity);
    room.remoteParticipants.set(participant.identity, participant);
  }
  const sid = `TR_${++n}`;
  const info = new TrackInfo({ sid, name: clip, type: TrackType.VIDEO, source: source === 'camera' ? TrackSource.CAMERA : TrackSource.SCREEN_SHARE });
  const pub = new RemoteTrackPublication(Track.Kind.Video, info, true);
  const track = new RemoteVideoTrack(mst, sid, receiver);
  track.source = pub.source;
  (participant as unknown as { addTrackPublication(p: RemoteTrackPublication): void }).addTrackPublication(pub);
  pub.setTrack(track);
  let element: HTMLMediaElement | null = null;
  if (appAttaches) {
    // What an app does in its own TrackSubscribed handler: show the track in its grid.
    element = track.attach();
    element.id = `tile-${sid}`;
    Object.assign(element.style, { width: '320px', height: '240px', objectFit: 'cover' });
    document.getElementById('grid')!.append(element);
  }
  room.emit(RoomEvent.TrackSubscribed, track, pub, participant);
  return { sid, track, pub, participant, element, close };
}

(window as unknown as { lk: unknown }).lk = { Room, RoomEvent, attachToRoom, publish };
