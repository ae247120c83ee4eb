// Two pages: the React app (index.html, the README's example) and the bench's timing page.
export default { build: { rollupOptions: { input: { main: 'index.html', measure: 'measure.html' } } } };
