/** Ports the test servers use on 127.0.0.1 (shared by playwright.config.ts and the media-server tests). */
/** The media-server tests' Janus HTTP port; the test server proxies /janus to it. */
export const JANUS_TEST_PORT = Number(process.env.JANUS_TEST_PORT ?? 18188);
/** Their RTMP port. */
export const RTMP_TEST_PORT = Number(process.env.RTMP_TEST_PORT ?? 19351);
