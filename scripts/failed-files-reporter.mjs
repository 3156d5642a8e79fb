// A node:test reporter that writes the files with failing tests, one per line (used by
// run-tests.mjs to retry black-box files once).
export default async function* failedFiles(source) {
  const failed = new Set();
  for await (const ev of source) {
    if (ev.type === 'test:fail' && ev.data?.file) failed.add(ev.data.file);
  }
  yield [...failed].join('\n') + (failed.size ? '\n' : '');
}
