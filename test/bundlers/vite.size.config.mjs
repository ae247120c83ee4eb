// The bench's size build: each entry alone, React and livekit-client left out (the app's own), a
// manifest to tell the first chunk (static imports) from what loads later (dynamic imports).
export default {
  build: {
    outDir: 'dist-size', manifest: true, emptyOutDir: true,
    rollupOptions: { input: { core: 'size-core.js', react: 'size-react.js', livekit: 'size-livekit.js' }, external: ['react', 'react-dom', 'livekit-client'] },
  },
};
